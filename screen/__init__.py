"""The command-centre big screen 指挥大屏: its page and assets, served at `/screen`."""

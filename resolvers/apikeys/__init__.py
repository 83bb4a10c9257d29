"""API keys: creating, listing, rotating and revoking them; a key as a viewer; its uses."""

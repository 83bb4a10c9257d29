"""Party members: scoped reads, personal data, writes, the development status."""

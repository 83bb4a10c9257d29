"""API keys 接口密钥 for partners and services: the type, the list, and managing them."""

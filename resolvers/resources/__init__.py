"""The resource wall 资源对接墙: resources, needs, exchanges and matching."""

"""The resource wall 资源对接墙: units' resources, communities' needs, their exchanges."""

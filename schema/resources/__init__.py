"""The resource wall 资源对接墙 on the GraphQL surface."""

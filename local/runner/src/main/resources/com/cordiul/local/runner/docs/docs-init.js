// Swagger UI on this stack's copy of openapi.yaml (first server = this stack). The validator badge is off: it
// would send the spec to an outside service.
window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    displayOperationId: true,
    persistAuthorization: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
});

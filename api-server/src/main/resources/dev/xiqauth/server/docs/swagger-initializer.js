// Swagger UI for the contract this server was built from, served at /openapi.yaml next to this page.
window.addEventListener('load', function () {
  // The directory this page lives in ("/" unless a proxy serves the API under a prefix).
  var apiBase = new URL('.', window.location.href);
  // The Servers list names the server this page came from, where the contract names XIQ's: the page's
  // copy of the contract only, /openapi.yaml stays the contract byte for byte.
  var thisServer = function () {
    return {
      statePlugins: {
        spec: {
          wrapActions: {
            updateJsonSpec: function (original) {
              return function (spec) {
                var shown = Object.assign({}, spec, {
                  servers: [{ url: apiBase.href.replace(/\/$/, ''), description: 'this server' }]
                });
                return original(shown);
              };
            }
          }
        }
      }
    };
  };
  window.ui = SwaggerUIBundle({
    url: new URL('openapi.yaml', apiBase).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl, thisServer],
    layout: 'StandaloneLayout',
    // No badge from the online validator: the page talks to this server only.
    validatorUrl: null,
    // "Try it out" calls the server that serves this page, whatever server the contract names.
    requestInterceptor: function (request) {
      if (!request.loadSpec) {
        var declared = new URL(request.url, window.location.href);
        request.url = new URL(declared.pathname.replace(/^\//, '') + declared.search, apiBase).href;
      }
      return request;
    }
  });
});

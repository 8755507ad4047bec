// Starts ReDoc on /redoc; the page names the OpenAPI document in data-openapi-url.
(function () {
  var root = document.getElementById("redoc");
  Redoc.init(root.getAttribute("data-openapi-url"), {}, root);
})();

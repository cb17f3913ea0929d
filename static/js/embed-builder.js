// The snippet builder: update the preview and the snippet as staff change the form, without
// a page load. Without JavaScript the form's submit button does the same.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("embed-builder");
    var preview = document.getElementById("embed-preview");
    var snippet = document.getElementById("embed-snippet");
    if (!form || !preview || !snippet) return;
    var base = new URL(preview.src, document.baseURI);
    base.search = "";
    function update() {
      var query = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (!value) return;
        query.set(name, name === "colour" ? String(value).replace("#", "").toLowerCase() : value);
      });
      var url = base.href + (query.toString() ? "?" + query.toString() : "");
      preview.src = url;
      snippet.value = snippet.value.replace(/src="[^"]*embed[^"]*"/, 'src="' + url + '"');
    }
    form.addEventListener("change", update);
  });
})();

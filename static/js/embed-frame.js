// Inside the embedded event list: tell the page around it how tall the list is, so the
// optional embed.js there can size the iframe. Nothing else is sent.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "cluster-portal-embed", height: height }, "*");
  }
  window.addEventListener("load", report);
  if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.body);
  else window.addEventListener("resize", report);
})();

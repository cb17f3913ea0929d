// Optional, for sites that embed Cluster Portal's event list: sizes each
// <iframe data-cluster-portal-embed> to its content. Only messages from the iframe's own
// window and origin are read, and only a height.
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "cluster-portal-embed" || typeof data.height !== "number") return;
    var frames = document.querySelectorAll("iframe[data-cluster-portal-embed]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      if (new URL(frame.src, document.baseURI).origin !== event.origin) continue;
      frame.style.height = Math.max(80, Math.min(data.height, 20000)) + "px";
    }
  });
})();

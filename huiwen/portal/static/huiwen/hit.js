// Counts one view of the article. Sent as its own request so that it also runs
// when the article page itself was served from a cache.
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-hit-url");
  if (!url) return;
  if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
  fetch(url, { method: "POST", credentials: "same-origin", keepalive: true });
})();

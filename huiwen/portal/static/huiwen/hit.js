// Counts one view of the article and shows its current count. Sent as its own request
// so that it also runs when the page itself is a published file written long ago.
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-hit-url");
  if (!url) return;
  // The visitor id is made here, before the first beacon leaves, so a reload that
  // overtakes that beacon still carries the same id and counts once.
  if (!/(?:^|;\s*)hw_vid=[0-9a-f]{32}(?:;|$)/.test(document.cookie) && window.crypto) {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    document.cookie = "hw_vid=" + id + "; path=/; max-age=31536000; samesite=lax";
  }
  function show(answer) {
    var views = answer && answer.views;
    if (typeof views !== "number") return;
    var shown = document.querySelectorAll(".view-count");
    for (var i = 0; i < shown.length; i++) shown[i].textContent = String(views);
  }
  if (window.fetch) {
    fetch(url, { method: "POST", credentials: "same-origin", keepalive: true })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(show, function () {});
  } else if (navigator.sendBeacon) {
    navigator.sendBeacon(url);
  }
})();

// Counts one impression of each promo card the page shows (huiwen.portal.promos): one
// POST naming their slugs, sent when the page is shown, since a published page is a file
// and nothing runs on the server when it is read.
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-url");
  if (!url) return;
  function send() {
    var cards = document.querySelectorAll("[data-promo]");
    var slugs = [];
    for (var i = 0; i < cards.length; i++) {
      var slug = cards[i].getAttribute("data-promo");
      if (slug && slugs.indexOf(slug) < 0) slugs.push(slug);
    }
    if (!slugs.length) return;
    var body = "cards=" + encodeURIComponent(slugs.join(","));
    var type = "application/x-www-form-urlencoded";
    if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: type }))) return;
    if (window.fetch) {
      fetch(url, { method: "POST", credentials: "same-origin", keepalive: true, body: body,
                   headers: { "Content-Type": type } }).catch(function () {});
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", send);
  else send();
})();

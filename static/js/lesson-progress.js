// The lesson page reports the reader's visit by a POST, so that showing the page writes nothing: once when
// it opens, and again when it is hidden or left (the time in between is study time). A beacon survives the
// page being closed; fetch is the fallback. The server treats a repeat as a no-op, so sending twice is safe.
(function () {
  function start() {
    var form = document.getElementById("lesson-progress");
    if (!form) return;
    var url = form.getAttribute("action");
    function report() {
      var data = new FormData(form); // the lesson's number and the CSRF token
      if (navigator.sendBeacon && navigator.sendBeacon(url, data)) return;
      if (window.fetch) fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: true }).catch(function () {});
    }
    report();
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") report(); });
    window.addEventListener("pagehide", report);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

// Small behaviours of the portal's pages. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  // The language switcher submits itself when a language is chosen.
  function languageSwitcher() {
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  // Exam attempt: count down the time left (as the server writes it: m:ss, h:mm:ss past an hour) and submit the
  // answers when it runs out; on the confirmation step, where there is no answer form, the clock only counts.
  function examTimer() {
    var el = document.getElementById("time-left");
    if (!el) return;
    var form = document.getElementById("attempt-form");
    var left = parseInt(el.dataset.seconds, 10);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    function tick() {
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = h ? h + ":" + two(m) + ":" + two(s) : m + ":" + two(s);
      if (left <= 0) { if (form) form.submit(); return; }
      left -= 1; setTimeout(tick, 1000);
    }
    tick();
  }

  function ready() { languageSwitcher(); examTimer(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();

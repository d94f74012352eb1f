// Small behaviours of the portal's pages. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  // The language switcher submits itself when a language is chosen.
  function languageSwitcher() {
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  // Exam attempt: count down the time left and submit the answers when it runs out.
  function examTimer() {
    var el = document.getElementById("time-left");
    var form = document.getElementById("attempt-form");
    if (!el || !form) return;
    var left = parseInt(el.dataset.seconds, 10);
    function tick() {
      var m = Math.floor(left / 60), s = left % 60;
      el.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (left <= 0) { form.submit(); return; }
      left -= 1; setTimeout(tick, 1000);
    }
    tick();
  }

  function ready() { languageSwitcher(); examTimer(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();

// Practice questions: immediate feedback in the page; nothing is sent to the server.
(function () {
  function setup(root) {
    var button = root.querySelector("[data-kc-submit]");
    var out = root.querySelector("[data-kc-feedback]");
    var explanation = root.querySelector("[data-kc-explanation]");
    if (!button || !out || button.dataset.ready) return;
    button.dataset.ready = "1";
    var form = root.querySelector("form");
    if (form) form.addEventListener("submit", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () {
      var chosen = root.querySelector("input[type=radio]:checked");
      out.classList.remove("is-correct", "is-wrong");
      if (!chosen) { out.textContent = button.dataset.labelChoose; return; }
      var ok = chosen.dataset.correct === "1";
      out.classList.add(ok ? "is-correct" : "is-wrong");
      var label = ok ? button.dataset.labelCorrect : button.dataset.labelWrong;
      var feedback = chosen.dataset.feedback || "";
      var stem = label.replace(/[.!]$/, "").toLowerCase();
      // Editors often start the feedback with "Correcto."; do not say it twice.
      out.textContent = feedback.toLowerCase().indexOf(stem) === 0 ? feedback : (label + " " + feedback).trim();
      if (explanation) explanation.hidden = false;
    });
  }
  function all() { document.querySelectorAll("[data-knowledge-check]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
  document.addEventListener("htmx:afterSwap", all);
})();

// ekbom self-check: progressive enhancement. Without this file every step still works by form
// posts. With it, steps load without a full page reload, follow-up questions appear only when
// they apply, "Add another" adds a row here, and answers stay in this page (never in a URL,
// never in storage or browser history). Downloads are ordinary form posts.
(function () {
  "use strict";

  function enabled(slot, form) {
    return slot.dataset.showWhen.split(" ").every(function (rule) {
      var equal = rule.indexOf("!=") < 0;
      var parts = equal ? rule.split("=") : rule.split("!=");
      var chosen = Array.prototype.some.call(form.elements, function (el) {
        return el.name === parts[0] && (el.checked || el.type === "hidden") && el.value === parts[1];
      });
      return chosen === equal;
    });
  }

  function applyFollowUps(form) {
    form.querySelectorAll("[data-show-when]").forEach(function (slot) {
      var on = enabled(slot, form);
      slot.hidden = !on;
      slot.querySelectorAll("input, button").forEach(function (el) { el.disabled = !on; });
      slot.querySelectorAll(".follow-up").forEach(function (hint) { hint.hidden = true; });
    });
  }

  function addRow(form, linkId) {
    var list = form.querySelector('[data-rows-of="' + linkId + '"]');
    if (!list) { return false; }
    var rows = list.querySelectorAll(":scope > .row, :scope > .row-group");
    var last = rows[rows.length - 1];
    var copy = last.cloneNode(true);
    var number = rows.length + 1;
    copy.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.id = input.id.replace(/--\d+$/, "--" + number);
      input.removeAttribute("aria-describedby");
      input.removeAttribute("aria-invalid");
    });
    copy.querySelectorAll("label").forEach(function (label) {
      label.htmlFor = label.htmlFor.replace(/--\d+$/, "--" + number);
    });
    copy.querySelectorAll("legend, label").forEach(function (el) {
      if (!el.htmlFor || el.tagName === "LEGEND") { el.textContent = el.textContent.replace(/\d+$/, String(number)); }
    });
    copy.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    if (copy.classList.contains("row")) {
      var label = copy.querySelector("label");
      label.textContent = label.textContent.replace(/\d+$/, String(number));
    }
    last.after(copy);
    copy.querySelector("input").focus();
    return true;
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("main");
    if (!fresh) { return false; }
    document.getElementById("main").replaceWith(document.adoptNode(fresh));
    document.title = doc.title;
    enhance();
    var target = document.querySelector(".error-summary") || document.querySelector("#main h1");
    if (target) { target.focus(); }
    window.scrollTo(0, 0);
    return true;
  }

  function postNatively(form, submitter) {
    if (submitter && submitter.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = submitter.name;
      field.value = submitter.value;
      form.appendChild(field);
    }
    form.submit();
  }

  function submit(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    return fetch(form.action, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (reply) { return reply.text(); })
      .then(function (html) { if (!swap(html)) { postNatively(form, submitter); } });
  }

  function enhance() {
    document.querySelectorAll(".needs-js").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("form.step-form").forEach(function (form) {
      applyFollowUps(form);
      form.addEventListener("change", function () { applyFollowUps(form); });
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        if (submitter && submitter.value.indexOf("add:") === 0 && addRow(form, submitter.value.slice(4))) {
          event.preventDefault();
          return;
        }
        event.preventDefault();
        submit(form, submitter).catch(function () { postNatively(form, submitter); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", enhance);
})();

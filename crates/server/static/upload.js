// Dataport portal: uploads with a progress bar. The form posts to the JSON API with the session
// cookie and the page's CSRF token; the server streams the file to disk as it arrives.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-status]");
    var button = form.querySelector("button[type=submit]");
    // One idempotency key per chosen file: resubmitting the same choice (after a network error,
    // say) cannot create a second asset; choosing another file starts a new request.
    var key = null;
    form.querySelector("input[type=file]").addEventListener("change", function () { key = null; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("data-upload"));
      xhr.setRequestHeader("X-CSRF-Token", form.getAttribute("data-csrf"));
      if (!key) { key = "portal-" + Date.now() + "-" + Math.random().toString(36).slice(2); }
      xhr.setRequestHeader("Idempotency-Key", key);
      xhr.setRequestHeader("Accept-Language", document.documentElement.lang);
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      status.textContent = form.getAttribute("data-msg-uploading");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          bar.value = e.loaded / e.total;
          status.textContent = form.getAttribute("data-msg-uploading") + " " + Math.round(100 * e.loaded / e.total) + "%";
          if (e.loaded === e.total) { status.textContent = form.getAttribute("data-msg-processing"); }
        }
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
        if (xhr.status === 201 && body.id) {
          window.location.href = "/assets/" + body.id;
          return;
        }
        button.disabled = false;
        bar.hidden = true;
        status.textContent = (body.title || ("HTTP " + xhr.status)) + (body.detail ? " " + body.detail : "");
        status.className = "alert error";
      };
      xhr.onerror = function () {
        button.disabled = false;
        status.textContent = form.getAttribute("data-msg-network");
        status.className = "alert error";
      };
      xhr.send(new FormData(form));
    });
  });
})();

/* SPDX-License-Identifier: EUPL-1.2 */
/* Resumable uploads on the documents step (progressive enhancement, no framework).
 *
 * Without JavaScript the step is a plain multipart form. With it, choosing a file starts a
 * tus upload at once: photos (JPEG, PNG) are first made smaller in the browser (long edge at
 * most 2000 px, quality 0.8), the bytes go in 1 MiB chunks, a lost connection is retried, and
 * an upload cut off (a closed tab, a dead battery) resumes from where it stopped the next time
 * the same file is chosen. Progress is read out in a polite live region. Once a file is
 * stored its input is emptied, so the normal buttons do not send it again; pressing a button
 * while an upload is still running stops it and the form sends the file the ordinary way.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-tus-endpoint]");
  if (!form || !window.tus || !window.tus.isSupported || !window.Promise) {
    return;
  }
  var endpoint = form.getAttribute("data-tus-endpoint");
  var draft = form.getAttribute("data-draft");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var running = [];

  function text(name, values) {
    var message = form.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      message = message.split("{" + key + "}").join(values[key]);
    });
    return message;
  }

  function shrink(file, status, next) {
    if (!window.Compressor || !/^image\/(jpeg|png)$/.test(file.type)) {
      next(file);
      return;
    }
    status.textContent = text("compressing");
    new window.Compressor(file, {
      quality: 0.8,
      maxWidth: 2000,
      maxHeight: 2000,
      success: function (result) {
        next(result.size < file.size ? result : file);
      },
      error: function () {
        next(file);
      }
    });
  }

  function forget(upload) {
    running = running.filter(function (item) { return item !== upload; });
  }

  function send(input, status, requirement, file, name) {
    var announced = -1;
    var upload = new window.tus.Upload(file, {
      endpoint: endpoint,
      chunkSize: 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000],
      removeFingerprintOnSuccess: true,
      headers: { "X-CSRFToken": token },
      metadata: {
        filename: name,
        filetype: file.type || "",
        draft: draft,
        requirement: requirement
      },
      fingerprint: function (blob) {
        return Promise.resolve(["motcua", draft, requirement, name, blob.type, blob.size,
          blob.lastModified || 0, endpoint].join("-"));
      },
      onProgress: function (sent, total) {
        var percent = total ? Math.floor((sent / total) * 100) : 0;
        if (percent - announced >= 10 || percent === 100) {
          announced = percent;
          status.textContent = text("progress", { name: name, percent: percent + "%" });
        }
      },
      onSuccess: function () {
        forget(upload);
        input.value = "";
        status.textContent = text("done", { name: name });
      },
      onError: function (error) {
        forget(upload);
        var response = error && error.originalResponse;
        var reason = response ? response.getBody() : "";
        status.textContent = text("failed", { name: name }) + (reason ? " " + reason : "");
      }
    });
    running.push(upload);
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
      }
      upload.start();
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-requirement]"), function (group) {
    var input = group.querySelector("input[type=file]");
    if (!input) {
      return;
    }
    var requirement = group.getAttribute("data-requirement");
    var status = document.createElement("p");
    status.className = "govuk-body";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.parentNode.insertBefore(status, input.nextSibling);
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) {
        return;
      }
      shrink(file, status, function (blob) {
        if (input.files && input.files[0] === file) {
          send(input, status, requirement, blob, blob.name || file.name);
        }
      });
    });
  });

  form.addEventListener("submit", function () {
    running.forEach(function (upload) { upload.abort(); });
    running = [];
  });
}());

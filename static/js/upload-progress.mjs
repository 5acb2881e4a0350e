// Shows how much of a file has been sent. Without JavaScript the form posts as usual.
export function startUploadProgress() {
  for (const form of document.querySelectorAll("form[data-upload-progress]")) {
    form.addEventListener("submit", (event) => {
      const file = form.querySelector("input[type=file]");
      if (!file?.files?.length || !window.XMLHttpRequest) return;
      event.preventDefault();
      const box = form.querySelector(".app-upload-progress");
      const bar = form.querySelector("progress");
      const text = form.querySelector("[data-progress-text]");
      box.hidden = false;
      let announced = -25;
      const request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action"));
      request.upload.addEventListener("progress", (progress) => {
        if (!progress.lengthComputable) return;
        const percent = Math.round((progress.loaded / progress.total) * 100);
        bar.value = percent;
        if (percent - announced >= 25 || percent === 100) {
          announced = percent;
          text.textContent = text.dataset.template.replace("{percent}", percent);
        }
      });
      request.addEventListener("load", () => {
        if (request.status < 400 && request.responseURL && !request.responseURL.endsWith("/attachments")) {
          location.assign(request.responseURL);
        } else {
          document.open();
          document.write(request.responseText);
          document.close();
        }
      });
      request.addEventListener("error", () => form.submit());
      request.send(new FormData(form));
    });
  }
}

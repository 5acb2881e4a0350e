// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/dist/govuk-frontend.min.js";
import { startSessionTimeout } from "/static/js/session-timeout.mjs";
import { restoreTypedInput } from "/static/js/form-keeper.mjs";
import { startAutosave } from "/static/js/autosave.mjs";
import { startUploadProgress } from "/static/js/upload-progress.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
startSessionTimeout(document.body);
startAutosave();
startUploadProgress();
restoreTypedInput(() => {
  const notice = document.getElementById("kept-input-notice");
  const main = document.getElementById("main-content");
  if (notice && main) main.prepend(notice.content.cloneNode(true));
});

// Warns before the idle timeout (WCAG 2.2.1) and lets the person stay signed in.
// If time runs out, what they typed on this page is kept in sessionStorage and offered back
// (by form-keeper.mjs) after they sign in again.
import { keepTypedInput } from "/static/js/form-keeper.mjs";

export function startSessionTimeout(body) {
  const idleSeconds = Number(body.dataset.sessionIdleSeconds || 0);
  const warningSeconds = Number(body.dataset.sessionWarningSeconds || 0);
  const dialog = document.getElementById("timeout-dialog");
  if (!idleSeconds || !dialog || typeof dialog.showModal !== "function") return;

  let warnTimer;
  let endTimer;
  let lastFocus = null;

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(warn, Math.max(0, idleSeconds - warningSeconds) * 1000);
    endTimer = setTimeout(signOut, Math.max(0, idleSeconds - 5) * 1000);
  };

  const warn = () => {
    lastFocus = document.activeElement;
    dialog.showModal();
    dialog.querySelector("[data-timeout-action=stay]")?.focus();
  };

  const csrfToken = () => JSON.parse(body.getAttribute("hx-headers:inherited") || "{}")["X-CSRF-Token"] || "";

  const signOut = async () => {
    keepTypedInput();
    try {
      await fetch("/sign-out", { method: "POST", headers: { "X-CSRF-Token": csrfToken() }, credentials: "same-origin" });
    } finally {
      const next = encodeURIComponent(location.pathname + location.search);
      location.assign(`/signed-out?reason=timeout&next=${next}`);
    }
  };

  const stay = async () => {
    const response = await fetch("/session/extend", {
      method: "POST",
      headers: { "X-CSRF-Token": csrfToken() },
      credentials: "same-origin",
    });
    if (response.ok) {
      dialog.close();
      lastFocus?.focus?.();
      schedule();
    } else {
      signOut();
    }
  };

  dialog.querySelector("[data-timeout-action=stay]")?.addEventListener("click", stay);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  // Any request to the server (a page load or an htmx save) resets the server's idle clock.
  document.addEventListener("htmx:after:request", schedule);
  schedule();
}

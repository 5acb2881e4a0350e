// Nothing typed is lost. htmx saves a form shortly after typing stops (hx-trigger on the form);
// this module keeps a copy on this device until the server has it, sends what is left when
// the page is closed or left, and offers the copy back if it never arrived.
const PREFIX = "myplan:unsaved:";

function valuesOf(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || ["csrf_token", "version", "action"].includes(el.name) || ["submit", "button", "file"].includes(el.type)) continue;
    if (el.type === "checkbox" || el.type === "radio") {
      values[el.name] ||= [];
      if (el.checked) values[el.name].push(el.value);
    } else {
      (values[el.name] ||= []).push(el.value);
    }
  }
  return values;
}

function restore(form, values) {
  for (const el of form.elements) {
    const kept = values[el.name];
    if (!kept) continue;
    if (el.type === "checkbox" || el.type === "radio") el.checked = kept.includes(el.value);
    else if (!["hidden", "submit", "button", "file"].includes(el.type)) el.value = kept[0] ?? "";
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export function startAutosave() {
  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const key = PREFIX + location.pathname;
  const status = document.getElementById("save-status");
  const version = () => form.querySelector("[name=version]")?.value ?? "";
  let dirty = false;

  const keepCopy = () => {
    dirty = true;
    try {
      localStorage.setItem(key, JSON.stringify({ values: valuesOf(form), version: version() }));
    } catch {
      /* storage full or blocked: the server copy still comes first */
    }
  };

  const kept = JSON.parse(localStorage.getItem(key) || "null");
  if (kept) {
    if (kept.version === version() && !same(kept.values, valuesOf(form))) {
      restore(form, kept.values);
      if (status) status.textContent = form.dataset.restoredMessage || "";
      dirty = true;
      // Send the restored copy as soon as htmx is listening to this form.
      const field = form.querySelector("textarea, input:not([type=hidden]), select");
      form.addEventListener("htmx:after:init", () => setTimeout(() => field?.dispatchEvent(new Event("change", { bubbles: true }))), { once: true });
    } else {
      localStorage.removeItem(key);
    }
  }

  form.addEventListener("input", keepCopy);
  form.addEventListener("change", keepCopy);
  form.addEventListener("htmx:after:request", (event) => {
    const code = event.detail?.ctx?.response?.status;
    if (code && code < 400) {
      dirty = false;
      localStorage.removeItem(key);
    }
  });
  form.addEventListener("htmx:error", () => {
    if (status) status.textContent = form.dataset.offlineMessage || "";
  });
  window.addEventListener("online", () => {
    if (dirty) form.querySelector("textarea, input:not([type=hidden]), select")?.dispatchEvent(new Event("change", { bubbles: true }));
  });
  form.addEventListener("submit", () => {
    dirty = false;
  });
  window.addEventListener("pagehide", () => {
    if (!dirty) return;
    const data = new FormData(form);
    data.set("action", "autosave");
    navigator.sendBeacon(form.getAttribute("action"), data);
  });
}

// Keeps what someone typed when they are about to be signed out, and puts it back
// into the same form when they return to the page.
const KEY = "myplan:kept:";

function fieldsOf(form) {
  return [...form.elements].filter(
    (el) => el.name && el.name !== "csrf_token" && !["hidden", "password", "file", "submit", "button"].includes(el.type),
  );
}

export function keepTypedInput() {
  const kept = {};
  document.querySelectorAll("form[method=post]").forEach((form, index) => {
    for (const el of fieldsOf(form)) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) (kept[`${index}:${el.name}`] ||= []).push(el.value);
      } else if (el.value) {
        kept[`${index}:${el.name}`] = [el.value];
      }
    }
  });
  if (Object.keys(kept).length) sessionStorage.setItem(KEY + location.pathname, JSON.stringify(kept));
}

export function restoreTypedInput(announce) {
  const raw = sessionStorage.getItem(KEY + location.pathname);
  if (!raw) return;
  sessionStorage.removeItem(KEY + location.pathname);
  const kept = JSON.parse(raw);
  document.querySelectorAll("form[method=post]").forEach((form, index) => {
    for (const el of fieldsOf(form)) {
      const values = kept[`${index}:${el.name}`];
      if (!values) continue;
      if (el.type === "checkbox" || el.type === "radio") el.checked = values.includes(el.value);
      else el.value = values[0];
    }
  });
  announce?.();
}

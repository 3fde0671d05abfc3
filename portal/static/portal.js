// Shared helpers for the portal's pages (no framework, no CDN).
"use strict";

// The CSRF token the server put in the page; unsafe fetch calls send it in a header.
function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// fetch() for the portal's own API with the session cookie and the CSRF header.
async function portalFetch(url, options = {}) {
  const headers = new Headers(options.headers || {});
  headers.set("x-csrftoken", csrfToken());
  headers.set("Accept", "application/json");
  return fetch(url, { credentials: "same-origin", ...options, headers });
}

// The API's refusal in plain words (FastAPI puts it in `detail`).
async function apiMessage(response) {
  try {
    const body = await response.json();
    if (typeof body.detail === "string") return body.detail;
    if (Array.isArray(body.detail)) return body.detail.map((d) => d.msg).join("; ");
  } catch (_) { /* not JSON */ }
  return `The server answered ${response.status}. Please try again.`;
}

window.portal = { csrfToken, portalFetch, apiMessage };

// Correction forms: the subcategory box offers only the chosen department's subcategories
// (the server checks the pair anyway).
function linkCategorySelects(form) {
  const department = form.querySelector(".correction-department");
  const subcategory = form.querySelector(".correction-subcategory");
  if (!department || !subcategory) return;
  const show = (keepSelection) => {
    let firstVisible = null;
    subcategory.querySelectorAll("optgroup").forEach((group) => {
      const visible = group.dataset.department === department.value;
      group.hidden = !visible;
      group.disabled = !visible;
      if (visible && !firstVisible) firstVisible = group.querySelector("option");
    });
    const chosen = subcategory.selectedOptions[0];
    if (!keepSelection || !chosen || chosen.parentElement.disabled) {
      if (firstVisible) firstVisible.selected = true;
    }
  };
  department.addEventListener("change", () => show(false));
  show(true);
}
document.querySelectorAll("form.correction-form").forEach(linkCategorySelects);

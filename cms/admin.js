// The admin page: the site's YAML format (cms/format.js) registered before Decap starts, and
// under `make serve` the preview's build status.
import { format } from "./format.js";
import { parse } from "./yaml/index.js";

window.CMS.registerCustomFormat("yaml-psds", "yml", format);
// Sign-in on the published site: Decap's GitHub login opens cms/connexion.html of this same
// site (as it would an OAuth provider), which hands back the editor's fine-grained token: no
// server to run, no Netlify. Known only here: the address the site is served at.
const folder = location.pathname.replace(/[^/]*$/, "");
fetch("config.yml", { cache: "no-store" })
  .then((response) => response.text())
  .then((text) => {
    const config = parse(text);
    config.backend.base_url = location.origin;
    config.backend.auth_endpoint = `${folder.slice(1)}connexion.html`;
    window.CMS.init({ config: { ...config, load_config_file: false } });
  });

// Landmarks for assistive technologies: the wrapper of index.html (and its heading) is the
// page's main region until Decap shows a <main> and headings of its own; the progress bar's
// canvas Decap adds to <body> is decoration.
const wrapper = document.getElementById("formulaire");
const heading = wrapper.querySelector("h1");
function landmarks() {
  const own = Boolean(wrapper.querySelector("#nc-root main"));
  if (own === wrapper.hasAttribute("role")) {
    if (own) wrapper.removeAttribute("role");
    else wrapper.setAttribute("role", "main");
    heading.hidden = own;
  }
  for (const canvas of document.querySelectorAll("body > canvas:not([aria-hidden])")) {
    canvas.setAttribute("aria-hidden", "true");
  }
  // An error shown instead of an entry (an unreadable file) is an <h3> under the page's <h1>.
  if (!own && !wrapper.querySelector("#nc-root h2")) {
    for (const title of wrapper.querySelectorAll("#nc-root h3:not([aria-level])")) title.setAttribute("aria-level", "2");
  }
  // Notifications: a landmark of their own, a French name for their close button.
  for (const toasts of document.querySelectorAll(".Toastify:not([role])")) {
    toasts.setAttribute("role", "region");
    toasts.setAttribute("aria-label", "Notifications");
  }
  for (const close of document.querySelectorAll('.Toastify__close-button[aria-label="close"]')) {
    close.setAttribute("aria-label", "Fermer la notification");
  }
  // Decap's list items have icon-only controls with no name: fold, move (drag), remove.
  for (const bar of document.querySelectorAll('#nc-root [class*="TopBar"]')) {
    const controls = [...bar.querySelectorAll(':scope > button, :scope > [role="button"]')];
    controls.forEach((control, i) => {
      if (control.hasAttribute("aria-label") || control.textContent.trim()) return;
      const sortable = control.getAttribute("aria-roledescription") === "sortable";
      const label = sortable ? "Déplacer cet élément (glisser, ou Espace puis flèches)"
        : i === 0 ? "Replier ou déplier cet élément" : "Supprimer cet élément";
      control.setAttribute("aria-label", label);
      control.title = label;
    });
  }
}
new MutationObserver(landmarks).observe(document.body, { childList: true, subtree: true });

// Under `make serve`, the preview's build status (the same French messages as the banner of
// the site's pages, macros/engine/assets/apercu.js), so a save that breaks the site says so
// here. The published site has no such address: the first answer that is not JSON stops it.
const STATUS = "/__apercu__/etat.json";
const TITLE = "Le site n'a pas pu être reconstruit : corrigez le fichier indiqué, puis enregistrez.";
let box = null;
let shown = null;

function element(tag, text) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  return node;
}

function render(state) {
  const key = `${state.ok}:${state.build}:${(state.messages || []).join("\n")}`;
  if (key === shown) return;
  const first = shown === null;
  shown = key;
  if (!box) {
    box = element("div");
    box.id = "psds-etat-apercu";
    box.setAttribute("lang", "fr");
    const region = element("section");  // a landmark of its own, beside Decap's <main>
    region.setAttribute("aria-label", "État de l'aperçu");
    region.appendChild(box);
    Object.assign(box.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "1000", maxHeight: "40vh",
      overflow: "auto", font: "0.9rem/1.45 system-ui, sans-serif", padding: "0.6rem 1rem",
    });
    document.body.appendChild(region);
  }
  box.replaceChildren();
  if (state.ok === false) {
    box.setAttribute("role", "alert");
    Object.assign(box.style, { background: "#fdecea", color: "#4a0d0d", borderTop: "4px solid #a40e0e" });
    const title = element("p", TITLE);
    Object.assign(title.style, { fontWeight: "bold", margin: "0 0 0.4rem" });
    box.appendChild(title);
    for (const message of state.messages || []) {
      const text = element("pre", message);
      Object.assign(text.style, {
        whiteSpace: "pre-wrap", margin: "0 0 0.4rem", fontFamily: "ui-monospace, monospace",
        background: "#ffffff", color: "#1a1a1a", padding: "0.4rem 0.6rem", border: "1px solid #d9a3a3",
      });
      box.appendChild(text);
    }
    box.appendChild(element("p", "Le site publié reste la dernière version sans erreur. Corrigez le champ indiqué ici (ou le fichier dans un éditeur de texte), puis enregistrez."));
  } else if (first) {
    box.parentNode.remove();
    box = null;
  } else {
    box.setAttribute("role", "status");
    Object.assign(box.style, { background: "#e8f5e9", color: "#0d3d12", borderTop: "4px solid #1b5e20" });
    box.appendChild(element("p", `Site reconstruit sans erreur (${new Date().toLocaleTimeString("fr-FR")}) : l'aperçu est à jour.`));
    box.firstChild.style.margin = "0";
  }
}

function poll() {
  fetch(STATUS, { cache: "no-store" })
    .then((response) => {
      const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
      if (!response.ok || !json) throw new Error("no preview");
      return response.json();
    })
    .then((state) => { render(state); setTimeout(poll, 1000); })
    .catch((err) => { if (err.message !== "no preview") setTimeout(poll, 3000); });
}
poll();

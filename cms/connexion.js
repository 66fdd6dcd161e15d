// The form's sign-in on the published site, with no server to run: Decap opens this page (its
// `base_url` + `auth_endpoint`, set by admin.js to this site) as it would an OAuth provider, and
// this page hands it back a GitHub fine-grained personal access token the editor created for
// this one repository, after checking with GitHub's API that the token can write to it. The
// exchange is Decap's (`authorizing:github`, then `authorization:github:success:{token}`),
// between two pages of the same origin only.
import { parse } from "./yaml/index.js";

const PROVIDER = "github";
const form = document.getElementById("connexion");
const input = document.getElementById("jeton");
const message = document.getElementById("message");
let repo = null;
let ready = false;

function say(text) {
  message.textContent = text;
}

fetch("config.yml", { cache: "no-store" })
  .then((response) => response.text())
  .then((text) => {
    repo = parse(text)?.backend?.repo || null;
    if (repo) document.getElementById("depot").textContent = repo;
  })
  .catch(() => {});

if (!window.opener) {
  say("Ouvrez cette page par le bouton « Se connecter avec GitHub » du formulaire (adresse …/admin/).");
} else {
  window.addEventListener("message", (event) => {
    if (event.origin === location.origin && event.data === `authorizing:${PROVIDER}`) ready = true;
  });
  window.opener.postMessage(`authorizing:${PROVIDER}`, location.origin);
}

async function check(token) {
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/vnd.github+json" };
  const user = await fetch("https://api.github.com/user", { headers });
  if (user.status === 401) return "GitHub refuse ce jeton : vérifiez qu'il est copié en entier et qu'il n'a pas expiré.";
  if (!user.ok) return `GitHub ne répond pas comme prévu (${user.status}) : réessayez dans un moment.`;
  if (!repo) return null;
  const answer = await fetch(`https://api.github.com/repos/${repo}`, { headers });
  if (!answer.ok) return `Ce jeton ne donne pas accès au dépôt ${repo} : choisissez-le dans « Repository access ».`;
  const permissions = (await answer.json()).permissions || {};
  if (!permissions.push) return `Ce jeton ne peut pas écrire dans ${repo} : donnez « Contents » et « Pull requests » en « Read and write », ou demandez l'accès en écriture à l'équipe.`;
  return null;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = input.value.trim();
  if (!token) {
    say("Collez d'abord votre jeton d'accès.");
    input.focus();
    return;
  }
  if (!window.opener || !ready) {
    say("Cette page doit être ouverte par le formulaire : fermez-la et cliquez « Se connecter avec GitHub ».");
    return;
  }
  say("Vérification auprès de GitHub…");
  let problem;
  try {
    problem = await check(token);
  } catch (err) {
    problem = "GitHub est injoignable : vérifiez la connexion à Internet, puis réessayez.";
  }
  if (problem) {
    say(problem);
    return;
  }
  window.opener.postMessage(
    `authorization:${PROVIDER}:success:${JSON.stringify({ token, provider: PROVIDER })}`, location.origin);
});

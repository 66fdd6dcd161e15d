// Runs before decap-cms.js: admin.js registers the site's YAML format first, then starts Decap.
window.CMS_MANUAL_INIT = true;

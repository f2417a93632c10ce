// Smarthost form helpers (the form works without them): provider presets fill the fields,
// the authentication fields show only when "Authentication required" is ticked, "Verify the
// relay's certificate" is disabled while encryption is "none", the relay's fields are disabled while
// the main box is unticked, and the answer of a button (check report, test mail, confirmation, SRS switch) is
// scrolled into view and focused, so that nobody has to look for it below the form.
(function () {
  'use strict';
  var answer = document.getElementById('confirm-remove') || document.getElementById('report')
      || document.getElementById('test-report') || document.getElementById('test-error')
      || document.getElementById('srs-saved') || document.getElementById('srs-error');
  if (answer) {
    answer.scrollIntoView({block: 'start'});
    if (answer.tabIndex < 0 && answer.hasAttribute('tabindex')) { answer.focus({preventScroll: true}); }
  } else {
    var invalid = document.querySelector('form.sh-form [aria-invalid=true]');
    if (invalid) { invalid.focus(); }
  }
  // the domain and server form, or a sender address's (the same fields, fewer of them)
  var form = document.getElementById('relay-form') || document.getElementById('sender-form');
  if (!form) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var provider = $('provider'), auth = $('authentication'), authFields = $('auth-fields');

  var enabled = $('enabled'), fields = $('relay-fields');
  // A disabled field is not sent: the form enables them again just before it goes, so that turning the
  // relay off keeps its settings for later.
  function syncEnabled() {
    if (enabled && fields) { fields.disabled = !enabled.checked; }
  }
  form.addEventListener('submit', function () { if (fields) { fields.disabled = false; } });

  function syncAuth() {
    if (auth && authFields) { authFields.hidden = !auth.checked; }
  }

  // Without encryption there is no certificate: the box is disabled (and not sent, so the server's
  // default applies); the hidden marker goes with it so that a disabled box does not read as "unticked".
  function syncVerify() {
    var enc = $('encryption'), box = $('verifyCertificate');
    if (!enc || !box) { return; }
    var plain = enc.value === 'none';
    box.disabled = plain;
    if ($('verifyCertificateShown')) { $('verifyCertificateShown').disabled = plain; }
    if ($('verify-help')) { $('verify-help').hidden = plain; }
    if ($('verify-none')) { $('verify-none').hidden = !plain; }
  }

  function selectedOption() {
    return provider ? provider.options[provider.selectedIndex] : null;
  }

  function fillRegions(option) {
    var row = $('region-row'), select = $('region');
    var regions = option && option.dataset.regions ? option.dataset.regions.split(' ').filter(Boolean) : [];
    row.hidden = regions.length === 0;
    var current = select.value;
    while (select.options.length > 1) { select.remove(1); }
    regions.forEach(function (r) {
      var o = document.createElement('option');
      o.value = r; o.textContent = r; o.selected = r === current;
      select.appendChild(o);
    });
  }

  function hostFor(option) {
    var host = option.dataset.host || '';
    if (host.indexOf('{region}') >= 0) {
      var region = $('region').value;
      return region ? host.replace('{region}', region) : '';
    }
    return host;
  }

  function showNote(option) {
    var note = $('provider-note');
    var preset = option && option.value !== 'custom';
    note.hidden = !preset;
    if ($('forwarding-note')) { $('forwarding-note').hidden = preset; }
    if (!preset) { $('username-hint').textContent = $('username-hint').dataset.custom; return; }
    $('provider-docs').href = option.dataset.docs;
    $('provider-spf').textContent = option.dataset.spf;
    $('provider-forwarding').hidden = option.dataset.forwarding !== 'true';
    $('username-hint').textContent = option.dataset.hint;
  }

  function applyPreset() {
    var option = selectedOption();
    fillRegions(option);
    showNote(option);
    if (!option || option.value === 'custom') { return; }
    var host = hostFor(option);
    if (host) { $('host').value = host; }
    $('port').value = option.dataset.port;
    var enc = $('encryption');
    for (var i = 0; i < enc.options.length; i++) {
      if (enc.options[i].value === option.dataset.encryption) { enc.selectedIndex = i; }
    }
    syncVerify();
    if (!auth.checked) { auth.checked = true; syncAuth(); }
    if (option.dataset.username) { $('username').value = option.dataset.username; }
  }

  if (provider) { provider.addEventListener('change', applyPreset); }
  if ($('region')) {
    $('region').addEventListener('change', function () {
      var option = selectedOption();
      if (option && option.value !== 'custom') { var h = hostFor(option); if (h) { $('host').value = h; } }
    });
  }
  if (auth) { auth.addEventListener('change', syncAuth); }
  if (enabled) { enabled.addEventListener('change', syncEnabled); }
  if ($('encryption')) { $('encryption').addEventListener('change', syncVerify); }
  syncAuth();
  syncVerify();
  syncEnabled();
})();

// "Send through the mail server" (the page works without it: it then reloads itself until the state is final).
// While the test runs, fetches this page every second and puts the new state in place (announced politely),
// until the relay answered, the mail server refused the message, or the wait ended.
(function () {
  'use strict';
  var card = document.getElementById('mta-test');
  if (!card) {
    var invalid = document.querySelector('#mta-test-form [aria-invalid=true]');
    if (invalid) { invalid.focus(); }
    return;
  }
  card.scrollIntoView({block: 'start'});
  card.focus({preventScroll: true});
  var tries = 0;
  function poll() {
    if (!card.hasAttribute('data-live') || tries++ > 120) { return; }
    fetch(window.location.href, {credentials: 'same-origin', cache: 'no-store'}).then(function (r) {
      return r.ok ? r.text() : Promise.reject(r.status);
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('mta-test');
      if (!fresh) { return; }
      ['mta-test-live'].forEach(function (id) {
        var now = document.getElementById(id), next = fresh.querySelector('#' + id);
        if (now && next && now.innerHTML !== next.innerHTML) { now.innerHTML = next.innerHTML; }
      });
      var facts = card.querySelector('dl'), nextFacts = fresh.querySelector('dl');
      if (facts && nextFacts && facts.innerHTML !== nextFacts.innerHTML) { facts.innerHTML = nextFacts.innerHTML; }
      card.className = fresh.className;
      if (!fresh.hasAttribute('data-live')) { card.removeAttribute('data-live'); }
    }).catch(function () { /* the next round tries again */ }).then(function () {
      if (card.hasAttribute('data-live')) { window.setTimeout(poll, 1000); }
    });
  }
  window.setTimeout(poll, 1000);
})();

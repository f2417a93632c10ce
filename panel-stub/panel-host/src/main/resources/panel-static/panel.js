// The menu button of narrow screens: opens and closes the sidebar; Escape or a click outside closes it.
(function () {
  'use strict';
  var button = document.getElementById('menu-button');
  if (!button) { return; }
  function set(open) {
    document.body.classList.toggle('nav-open', open);
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      var first = document.querySelector('#sidebar a');
      if (first) { first.focus(); }
    }
  }
  button.addEventListener('click', function () { set(!document.body.classList.contains('nav-open')); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && document.body.classList.contains('nav-open')) { set(false); button.focus(); }
  });
  document.addEventListener('click', function (e) {
    if (document.body.classList.contains('nav-open') && !e.target.closest('#sidebar') && !e.target.closest('#menu-button')) { set(false); }
  });
})();

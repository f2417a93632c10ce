// The menu button of narrow screens: opens and closes the sidebar; Escape or a click outside closes it, and Tab
// stays in the open menu.
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
    // while the menu is open over the page, Tab stays in it (the controls under it cannot be seen: WCAG 2.4.11)
    if (e.key === 'Tab' && document.body.classList.contains('nav-open')) {
      var links = document.querySelectorAll('#sidebar a, #sidebar button, #sidebar input, #sidebar select');
      if (links.length === 0) { return; }
      var first = links[0], last = links[links.length - 1];
      if (e.shiftKey && (document.activeElement === first || !document.activeElement.closest('#sidebar'))) {
        e.preventDefault(); last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !document.activeElement.closest('#sidebar'))) {
        e.preventDefault(); first.focus();
      }
    }
  });
  // focus taken elsewhere by other means (a click, a screen reader's own navigation) closes the menu
  document.addEventListener('focusin', function (e) {
    if (document.body.classList.contains('nav-open') && !e.target.closest('#sidebar') && !e.target.closest('#menu-button')) { set(false); }
  });
  document.addEventListener('click', function (e) {
    if (document.body.classList.contains('nav-open') && !e.target.closest('#sidebar') && !e.target.closest('#menu-button')) { set(false); }
  });
})();

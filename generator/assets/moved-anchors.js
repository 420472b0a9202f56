// An address saved before a list was split into pages names an anchor that is now on one of them
// (a timeline split by month): look it up in the list's map of anchors and go there. Only this
// page runs it, only when its own anchor is missing, and only to an address of the same site.
(function (script) {
  var id = decodeURIComponent(location.hash.slice(1));
  if (!id || document.getElementById(id)) return;
  var map = new URL(script.dataset.anchors, location.href);
  fetch(map).then(function (response) { return response.ok ? response.json() : {}; }).then(function (anchors) {
    if (!Object.prototype.hasOwnProperty.call(anchors, id)) return;
    var to = new URL(anchors[id], map);
    if (to.origin === location.origin) location.replace(to.href);
  }).catch(function () {});
})(document.currentScript);

/* geokg graph page: builds the vis-network view from the JSON data block.
 * Every string from the data is put into the page as text (textContent, DOM nodes), never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var meta = data.meta || {};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function tipElement(lines) {
    var div = el("div", null, "tip");
    lines.forEach(function (line) {
      var row = el("div");
      row.appendChild(el("b", line[0] + ": "));
      row.appendChild(document.createTextNode(String(line[1])));
      div.appendChild(row);
    });
    return div;
  }

  data.nodes.forEach(function (n) { if (n.tip) { n.title = tipElement(n.tip); } });
  data.edges.forEach(function (e) { if (e.tip) { e.title = tipElement(e.tip); } });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { stabilized: false, physics: true, highlighted: [], lastSearch: null, hiddenEdges: 0 };

  if (data.options.physics && data.options.physics.enabled === false) {
    /* large graph: positions come precomputed, nothing to stabilise */
    state.physics = false;
    network.fit({ animation: false });
    network.once("afterDrawing", function () { state.stabilized = true; });
    network.redraw();
  } else {
    network.once("stabilizationIterationsDone", function () {
      state.stabilized = true;
      if (meta.stopPhysics) {
        network.setOptions({ physics: false });
        state.physics = false;
      }
    });
  }

  /* notices */
  var notices = document.getElementById("notices");
  (meta.notices || []).forEach(function (text) { notices.appendChild(el("p", text, "notice")); });

  /* legend */
  var legend = document.getElementById("legend");
  (meta.legend && meta.legend.nodes || []).forEach(function (item) {
    var row = el("div", null, "legend-row");
    var sw = el("span", null, "swatch" + (item.shape === "square" ? " square" : item.shape === "diamond" ? " diamond" : ""));
    sw.style.backgroundColor = item.color;
    row.appendChild(sw);
    row.appendChild(el("span", item.label));
    legend.appendChild(row);
  });
  (meta.legend && meta.legend.edges || []).forEach(function (item) {
    var row = el("div", null, "legend-row");
    var line = el("span", null, "line" + (item.dashed ? " dashed" : ""));
    line.style.borderTopColor = item.color;
    row.appendChild(line);
    row.appendChild(el("span", item.label));
    legend.appendChild(row);
  });

  /* search */
  var labels = document.getElementById("search-labels");
  var seen = {};
  data.nodes.forEach(function (n) {
    var label = String(n.label || "");
    if (label && !seen[label]) { seen[label] = true; var o = document.createElement("option"); o.value = label; labels.appendChild(o); }
  });

  function clearHighlight() {
    if (state.highlighted.length) {
      nodes.update(state.highlighted.map(function (id) {
        var original = nodes.get(id);
        return { id: id, borderWidth: original.baseBorderWidth || 1, size: original.baseSize || original.size };
      }));
    }
    state.highlighted = [];
  }

  function search(query) {
    var q = String(query || "").trim().toLowerCase();
    var status = document.getElementById("search-status");
    clearHighlight();
    state.lastSearch = q;
    if (!q) { network.unselectAll(); status.textContent = ""; return []; }
    var exact = [], partial = [];
    nodes.forEach(function (n) {
      var label = String(n.label || "").toLowerCase();
      var keys = (n.search || []).map(function (s) { return String(s).toLowerCase(); });
      if (label === q || keys.indexOf(q) >= 0) { exact.push(n.id); }
      else if (label.indexOf(q) >= 0 || keys.some(function (k) { return k.indexOf(q) >= 0; })) { partial.push(n.id); }
    });
    var ids = exact.concat(partial);
    if (!ids.length) { network.unselectAll(); status.textContent = "no match"; return []; }
    nodes.update(ids.map(function (id) {
      var n = nodes.get(id);
      return { id: id, baseBorderWidth: n.baseBorderWidth || n.borderWidth || 1, baseSize: n.baseSize || n.size, borderWidth: 5, size: (n.size || 16) * 1.4 };
    }));
    state.highlighted = ids.slice();
    network.selectNodes(ids, true);
    network.focus(ids[0], { scale: 1.2, animation: false });
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    return ids;
  }

  var searchBox = document.getElementById("search");
  document.getElementById("search-button").addEventListener("click", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); search(searchBox.value); } });
  searchBox.addEventListener("change", function () { search(searchBox.value); });

  /* filters */
  var classBox = document.getElementById("class-filters");
  (meta.classes || []).forEach(function (c) {
    var label = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = c.name;
    box.className = "class-filter";
    box.addEventListener("change", applyFilters);
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + c.name + " (" + c.count + ")"));
    classBox.appendChild(label);
  });
  var from = document.getElementById("date-from");
  var to = document.getElementById("date-to");
  if (meta.dates) {
    if (meta.dates[0]) { from.min = meta.dates[0]; to.min = meta.dates[0]; }
    if (meta.dates[1]) { from.max = meta.dates[1]; to.max = meta.dates[1]; }
  }
  from.addEventListener("change", applyFilters);
  to.addEventListener("change", applyFilters);

  function checkedClasses() {
    var out = {};
    Array.prototype.forEach.call(document.querySelectorAll("input.class-filter"), function (b) { if (b.checked) { out[b.value] = true; } });
    return out;
  }

  var baseDegree = {};
  data.edges.forEach(function (e) {
    baseDegree[e.from] = (baseDegree[e.from] || 0) + 1;
    baseDegree[e.to] = (baseDegree[e.to] || 0) + 1;
  });

  function applyFilters() {
    var classes = checkedClasses();
    var allClasses = (meta.classes || []).every(function (c) { return classes[c.name]; });
    var lo = from.value || null, hi = to.value || null;
    var visibleDegree = {}, edgeUpdates = [], hidden = 0;
    edges.forEach(function (e) {
      var show = true;
      if (!allClasses && e.classes && e.classes.length) {
        show = e.classes.some(function (c) { return classes[c]; });
      }
      if (show && (lo || hi)) {
        var b = e.begin || null, en = e.end || e.begin || null;
        if (!b) { show = false; }
        else if (lo && en < lo) { show = false; }
        else if (hi && b > hi) { show = false; }
      }
      if (!show) { hidden += 1; }
      else {
        visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
        visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      }
      if (Boolean(e.hidden) === show) { edgeUpdates.push({ id: e.id, hidden: !show }); }
    });
    edges.update(edgeUpdates);
    var nodeUpdates = [];
    nodes.forEach(function (n) {
      var hide = (baseDegree[n.id] || 0) > 0 && !(visibleDegree[n.id] || 0);
      if (Boolean(n.hidden) !== hide) { nodeUpdates.push({ id: n.id, hidden: hide }); }
    });
    nodes.update(nodeUpdates);
    state.hiddenEdges = hidden;
    var total = edges.length;
    document.getElementById("filter-status").textContent =
      "Showing " + (total - hidden) + " of " + total + " edges";
    return total - hidden;
  }

  document.getElementById("classes-all").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input.class-filter"), function (b) { b.checked = true; });
    applyFilters();
  });
  document.getElementById("classes-none").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input.class-filter"), function (b) { b.checked = false; });
    applyFilters();
  });
  document.getElementById("filters-reset").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input.class-filter"), function (b) { b.checked = true; });
    from.value = ""; to.value = "";
    applyFilters();
  });
  applyFilters();

  window.geokg = { network: network, nodes: nodes, edges: edges, meta: meta, state: state, search: search, applyFilters: applyFilters };
})();

/* policykg map: draws the embedded graph with vis-network.
 *
 * Every string that came from a document reaches the page through textContent or
 * the canvas, never through innerHTML, so markup in a task title is shown, not run.
 * Positions and sizes are computed in Python; physics only runs for small maps.
 * window.policykgMap exposes the map to tests and benchmarks.
 */
(function () {
  "use strict";

  performance.mark("policykg:start");
  var data = JSON.parse(document.getElementById("policykg-data").textContent);
  performance.mark("policykg:parsed");
  var SVG = "http://www.w3.org/2000/svg"; // a namespace name, never fetched
  var DIM_NODE = { background: "#e4e4e4", border: "#d0d0d0" };
  var DIM_EDGE = "rgba(200,200,200,0.35)";
  var LABEL_CHARS = 14;
  var POLYGONS = { // unit outlines (radius 1) for the legend and the large-map highlight
    diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]],
    triangle: [[0, -1], [1, 0.86], [-1, 0.86]],
    hexagon: [[1, 0], [0.5, 0.86], [-0.5, 0.86], [-1, 0], [-0.5, -0.86], [0.5, -0.86]],
    star: [[0, -1], [0.29, -0.33], [1, -0.31], [0.46, 0.14], [0.63, 0.89], [0, 0.47], [-0.63, 0.89],
      [-0.46, 0.14], [-1, -0.31], [-0.29, -0.33]],
    square: [[-1, -1], [1, -1], [1, 1], [-1, 1]]
  };

  var nodeStyle = {};
  var edgeStyle = {};
  data.legend.nodes.forEach(function (s) { nodeStyle[s.key] = s; });
  data.legend.edges.forEach(function (s) { edgeStyle[s.key] = s; });
  var nodeById = new Map();
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); });
  var edgeById = new Map();
  data.edges.forEach(function (e) { edgeById.set(e.id, e); });

  var state = {
    hiddenLabels: new Set(),
    hiddenTypes: new Set(),
    dimmedNodes: new Set(),
    dimmedEdges: new Set(),
    focus: null,
    firstDrawMs: null,
    draws: 0
  };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function shortLabel(name) {
    var chars = Array.from(name);
    return chars.length > LABEL_CHARS ? chars.slice(0, LABEL_CHARS - 1).join("") + "…" : name;
  }

  function visNode(n, dim) {
    var s = nodeStyle[n.t];
    return {
      id: n.id, label: shortLabel(n.name), x: n.x, y: n.y, size: n.size, shape: s.shape,
      color: dim ? DIM_NODE : { background: s.color, border: s.color,
        highlight: { background: s.color, border: "#000" }, hover: { background: s.color, border: "#000" } },
      font: { color: dim ? "#bbbbbb" : "#222222" }
    };
  }

  function visEdge(e, dim) {
    var s = edgeStyle[e.t];
    var out = {
      id: e.id, from: e.from, to: e.to, width: e.width,
      dashes: !data.fast && s.dashes && s.dashes.length ? s.dashes : false,
      color: { color: dim ? DIM_EDGE : s.color, highlight: s.color, hover: s.color, inherit: false },
      arrows: { to: { enabled: !data.fast && !!s.arrow, scaleFactor: 0.5 } }
    };
    if (e.weight !== undefined && data.edges.length <= 1000) out.label = String(e.weight);
    return out;
  }

  // ---- header ---------------------------------------------------------------
  document.getElementById("map-title").textContent = data.title;
  document.getElementById("map-summary").textContent =
    data.nodes.length + " 节点 nodes · " + data.edges.length + " 关系 relationships · 大小 size: " + data.sizeBy +
    (data.fast ? " · 大图: 关系以颜色区分，不画虚线和箭头 (large map: edges told apart by colour only)" : "");

  var container = document.getElementById("network");
  if (!data.nodes.length) {
    container.appendChild(el("div", "没有可绘制的内容 — the selection is empty", "empty"));
    window.policykgMap = { empty: true, state: state };
    return;
  }

  // ---- network ----------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes.map(function (n) { return visNode(n, false); }));
  var edges = new vis.DataSet(data.edges.map(function (e) { return visEdge(e, false); }));
  var nodesView = new vis.DataView(nodes, {
    filter: function (item) { return !state.hiddenLabels.has(nodeById.get(item.id).t); }
  });
  var edgesView = new vis.DataView(edges, {
    filter: function (item) {
      var e = edgeById.get(item.id);
      return !state.hiddenTypes.has(e.t) && !state.hiddenLabels.has(nodeById.get(e.from).t) &&
        !state.hiddenLabels.has(nodeById.get(e.to).t);
    }
  });
  var big = !data.physics;
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: data.physics ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { avoidOverlap: 0.4, springLength: 80 },
      stabilization: { enabled: true, iterations: 150, fit: true }
    } : { enabled: false },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false },
    nodes: {
      borderWidth: 1,
      font: { face: data.font, size: 12, strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 7 } }
    },
    edges: {
      smooth: big ? false : { type: "continuous", roundness: 0.3 },
      selectionWidth: 1.5,
      font: { face: data.font, size: 10, align: "middle", strokeWidth: 3, strokeColor: "#ffffff" }
    }
  };
  performance.mark("policykg:datasets");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  performance.mark("policykg:network");
  network.once("afterDrawing", function () {
    state.firstDrawMs = performance.now();
    document.documentElement.setAttribute("data-first-draw-ms", state.firstDrawMs.toFixed(1));
  });
  network.on("afterDrawing", function () { state.draws += 1; });
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });
  }

  // ---- tooltip and details ---------------------------------------------------------
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");

  function infoList(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      dl.appendChild(el("dt", row[0]));
      dl.appendChild(el("dd", row[1]));
    });
    return dl;
  }

  function showTooltip(rows, pointer) {
    tooltip.replaceChildren(infoList(rows));
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 14;
    var y = box.top + pointer.y + 14;
    var w = tooltip.offsetWidth;
    var h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, box.left + pointer.x - w - 14);
    if (y + h > window.innerHeight - 4) y = Math.max(4, window.innerHeight - h - 4);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  function hideTooltip() { tooltip.hidden = true; }

  function showDetails(id) {
    var n = nodeById.get(id);
    details.replaceChildren(infoList(n.info));
    var reset = el("button", "取消高亮 clear", "reset");
    reset.type = "button";
    reset.addEventListener("click", clearHighlight);
    details.appendChild(reset);
  }

  network.on("hoverNode", function (p) { showTooltip(nodeById.get(p.node).info, p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (p) { showTooltip(edgeById.get(p.edge).info, p.pointer.DOM); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // ---- neighbourhood highlight ----------------------------------------------------
  function restyle(nodeDim, edgeDim) {
    var nodeUpdates = [];
    data.nodes.forEach(function (n) {
      var dim = nodeDim(n.id);
      if (dim !== state.dimmedNodes.has(n.id)) {
        nodeUpdates.push(visNode(n, dim));
        if (dim) state.dimmedNodes.add(n.id); else state.dimmedNodes.delete(n.id);
      }
    });
    var edgeUpdates = [];
    data.edges.forEach(function (e) {
      var dim = edgeDim(e);
      if (dim !== state.dimmedEdges.has(e.id)) {
        edgeUpdates.push(visEdge(e, dim));
        if (dim) state.dimmedEdges.add(e.id); else state.dimmedEdges.delete(e.id);
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  // Small maps restyle every node and edge (dimmed colours, exact shapes and curves). On large maps
  // that costs seconds, so the neighbourhood is instead drawn again over a translucent veil after
  // each frame: a click costs one redraw, whatever the size of the map.
  var overlay = null;

  function drawOverlay(ctx) {
    if (!overlay) return;
    var w = container.clientWidth;
    var h = container.clientHeight;
    var a = network.DOMtoCanvas({ x: 0, y: 0 });
    var b = network.DOMtoCanvas({ x: w, y: h });
    var scale = network.getScale();
    ctx.save();
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
    var pos = network.getPositions(overlay.nodes);
    overlay.edges.forEach(function (e) {
      var p = pos[e.from];
      var q = pos[e.to];
      if (!p || !q) return;
      ctx.strokeStyle = edgeStyle[e.t].color;
      ctx.lineWidth = Math.max(e.width, 1.5 / scale);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(q.x, q.y);
      ctx.stroke();
    });
    var fontSize = Math.max(12, 12 / scale);
    ctx.font = fontSize + "px " + data.font;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    overlay.nodes.forEach(function (id) {
      var n = nodeById.get(id);
      var p = pos[id];
      if (!p) return;
      var s = nodeStyle[n.t];
      var r = n.size;
      ctx.beginPath();
      var unit = POLYGONS[s.shape];
      if (unit) {
        unit.forEach(function (u, i) {
          if (i === 0) ctx.moveTo(p.x + u[0] * r, p.y + u[1] * r); else ctx.lineTo(p.x + u[0] * r, p.y + u[1] * r);
        });
        ctx.closePath();
      } else {
        ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
      }
      ctx.fillStyle = s.color;
      ctx.fill();
      ctx.lineWidth = (id === state.focus ? 3 : 1) / scale;
      ctx.strokeStyle = "#000000";
      ctx.stroke();
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = "#ffffff";
      ctx.strokeText(shortLabel(n.name), p.x, p.y + r + 2);
      ctx.fillStyle = "#222222";
      ctx.fillText(shortLabel(n.name), p.x, p.y + r + 2);
    });
    ctx.restore();
  }

  network.on("afterDrawing", drawOverlay);

  function highlight(id) {
    if (!nodeById.has(id)) return [];
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var keepEdges = network.getConnectedEdges(id);
    state.focus = id;
    if (big) {
      overlay = { nodes: Array.from(keep), edges: keepEdges.map(function (e) { return edgeById.get(e); }) };
      network.redraw();
    } else {
      var edgeSet = new Set(keepEdges);
      restyle(function (nid) { return !keep.has(nid); }, function (e) { return !edgeSet.has(e.id); });
      network.selectNodes([id]);
    }
    showDetails(id);
    return Array.from(keep);
  }

  function clearHighlight() {
    if (big) {
      overlay = null;
      network.redraw();
    } else {
      restyle(function () { return false; }, function () { return false; });
      network.unselectAll();
    }
    state.focus = null;
    details.replaceChildren(el("p", "点击节点查看详情并高亮其邻居。 Click a node to see its details.", "hint"));
  }

  network.on("click", function (p) {
    if (p.nodes.length) highlight(p.nodes[0]);
    else if (!p.edges.length) clearHighlight();
  });

  // ---- search (any alias) ---------------------------------------------------------
  var searchInput = document.getElementById("search");
  var results = document.getElementById("search-results");

  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) return [];
    var exact = [];
    var partial = [];
    data.nodes.forEach(function (n) {
      if (state.hiddenLabels.has(n.t)) return;
      var best = null;
      for (var i = 0; i < n.search.length; i++) {
        var s = n.search[i].toLowerCase();
        if (s === q) { best = "exact"; break; }
        if (best === null && s.indexOf(q) >= 0) best = "partial";
      }
      if (best === "exact") exact.push(n.id); else if (best === "partial") partial.push(n.id);
    });
    return exact.concat(partial);
  }

  function focusNode(id) {
    var keep = highlight(id);
    network.fit({ nodes: keep, maxZoomLevel: 1.5, animation: false });
    return keep;
  }

  function showResults(ids) {
    results.replaceChildren();
    ids.slice(0, 50).forEach(function (id, i) {
      var n = nodeById.get(id);
      var li = el("li");
      li.appendChild(el("span", nodeStyle[n.t].name.split(" ")[0], "kind"));
      li.appendChild(el("span", n.name));
      if (i === 0) li.className = "active";
      li.addEventListener("click", function () { focusNode(id); });
      results.appendChild(li);
    });
    if (ids.length > 50) results.appendChild(el("li", "… +" + (ids.length - 50)));
  }

  searchInput.addEventListener("input", function () { showResults(search(searchInput.value)); });
  searchInput.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var ids = search(searchInput.value);
      if (ids.length) focusNode(ids[0]);
    }
  });

  // ---- legend with filters --------------------------------------------------------
  function swatchNode(s) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "-8 -8 16 16");
    var shape;
    var unit = POLYGONS[s.shape];
    if (unit) {
      shape = document.createElementNS(SVG, "polygon");
      shape.setAttribute("points", unit.map(function (p) { return (p[0] * 7) + "," + (p[1] * 7); }).join(" "));
    } else if (s.shape === "square") {
      shape = document.createElementNS(SVG, "rect");
      shape.setAttribute("x", "-6"); shape.setAttribute("y", "-6");
      shape.setAttribute("width", "12"); shape.setAttribute("height", "12");
    } else {
      shape = document.createElementNS(SVG, "circle");
      shape.setAttribute("r", "6");
    }
    shape.setAttribute("fill", s.color);
    svg.appendChild(shape);
    return svg;
  }

  function swatchEdge(s) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "34");
    svg.setAttribute("height", "12");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "6");
    line.setAttribute("x2", s.arrow && !data.fast ? "26" : "33"); line.setAttribute("y2", "6");
    line.setAttribute("stroke", s.color);
    line.setAttribute("stroke-width", String(Math.max(1.5, s.width)));
    if (!data.fast && s.dashes && s.dashes.length) line.setAttribute("stroke-dasharray", s.dashes.join(" "));
    svg.appendChild(line);
    if (s.arrow && !data.fast) {
      var head = document.createElementNS(SVG, "polygon");
      head.setAttribute("points", "26,2 33,6 26,10");
      head.setAttribute("fill", s.color);
      svg.appendChild(head);
    }
    return svg;
  }

  function refreshFilters() {
    nodesView.refresh();
    edgesView.refresh();
    if (overlay && state.focus !== null) {
      if (nodesView.get(state.focus)) highlight(state.focus); else clearHighlight();
    }
  }

  function legendRow(s, swatch, hidden) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-key", s.key);
    box.addEventListener("change", function () {
      if (box.checked) hidden.delete(s.key); else hidden.add(s.key);
      label.classList.toggle("off", !box.checked);
      refreshFilters();
    });
    label.appendChild(box);
    label.appendChild(swatch(s));
    label.appendChild(el("span", s.name));
    label.appendChild(el("span", s.count, "count"));
    return label;
  }

  var legendNodes = document.getElementById("legend-nodes");
  data.legend.nodes.forEach(function (s) { legendNodes.appendChild(legendRow(s, swatchNode, state.hiddenLabels)); });
  var legendEdges = document.getElementById("legend-edges");
  data.legend.edges.forEach(function (s) { legendEdges.appendChild(legendRow(s, swatchEdge, state.hiddenTypes)); });

  function setHidden(set, key, hidden) {
    if (hidden) set.add(key); else set.delete(key);
    var box = document.querySelector('input[data-key="' + CSS.escape(key) + '"]');
    if (box) {
      box.checked = !hidden;
      box.parentNode.classList.toggle("off", hidden);
    }
    refreshFilters();
  }

  window.policykgMap = {
    network: network,
    state: state,
    data: data,
    overlay: function () { return overlay; },
    highlight: highlight,
    clearHighlight: clearHighlight,
    search: search,
    focusNode: focusNode,
    showTooltipFor: function (id) { showTooltip(nodeById.get(id).info, { x: 10, y: 10 }); return tooltip; },
    visibleNodeIds: function () { return nodesView.getIds(); },
    visibleEdgeIds: function () { return edgesView.getIds(); },
    setLabelHidden: function (key, hidden) { setHidden(state.hiddenLabels, key, hidden); },
    setTypeHidden: function (key, hidden) { setHidden(state.hiddenTypes, key, hidden); }
  };
})();

/* policykg map: draws the embedded graph with vis-network.
 *
 * Every string that came from a document reaches the page through textContent or
 * the canvas, never through innerHTML, so markup in a task title is shown, not run.
 * Positions and sizes are computed in Python; physics only runs for small maps.
 *
 * Names are drawn by this script, not by vis-network: after every change of view it
 * places the labels of the most important nodes (data.order) one by one where they
 * overlap no label placed before, so the biggest names stay readable at the default
 * zoom and more appear as the user zooms in (or hovers a node).
 * The year slider shows the network as of a year: later nodes and edges are hidden, and
 * collaboration ties (e.byYear) and node sizes (n.sizes) take their values of that year,
 * sent to vis-network as one batch of updates (the network itself is never rebuilt).
 * window.policykgMap exposes the map to tests and benchmarks.
 */
(function () {
  "use strict";

  performance.mark("policykg:start");
  var data = JSON.parse(document.getElementById("policykg-data").textContent);
  // Edges and the label order refer to nodes by position (ids are long titles); give them ids back.
  data.edges.forEach(function (e) { e.from = data.nodes[e.a].id; e.to = data.nodes[e.b].id; });
  data.order = data.order.map(function (i) { return data.nodes[i].id; });
  performance.mark("policykg:parsed");
  var SVG = "http://www.w3.org/2000/svg"; // a namespace name, never fetched
  var DIM_NODE = { background: "#e4e4e4", border: "#d0d0d0" };
  var DIM_EDGE = "rgba(200,200,200,0.35)";
  var LABEL_CHARS = 16;
  var LABEL_PX = 12; // label font size on screen, whatever the zoom
  var LABEL_H = 16;
  var MAX_LABELS = 400; // labels placed at most, however far the user zooms in
  var FOCUS_SIZE = 1.6; // the node a map was asked about is drawn this much larger
  var QUOTE_CHARS = 400; // a tooltip row shows this much text (as render.QUOTE_CHARS)
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
  var groups = data.legend.groups;
  var nodeById = new Map();
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); });
  var edgeById = new Map();
  data.edges.forEach(function (e) { edgeById.set(e.id, e); });
  var focusIds = new Set(data.focus || []);

  var state = {
    hiddenLabels: new Set(),
    hiddenTypes: new Set(),
    hiddenGroups: new Set(),
    dimmedNodes: new Set(),
    dimmedEdges: new Set(),
    year: null, // show the network as of this year (null: every year)
    order: data.order, // label order: data.order, or by size as of the year
    focus: null, // the node whose neighbourhood is highlighted
    keep: null, // that neighbourhood (a Set), or null
    labels: [], // label boxes placed for the current view, in DOM pixels of the canvas
    hover: null,
    fitScale: null, // the scale at the default zoom
    ready: false,
    version: 0, // bumped whenever what is shown changes, so labels are placed again
    labelMs: null, // how long the last label placement took
    yearMs: null, // how long the last move of the year slider took (reweighing, legend, filters)
    reweighed: null, // {nodes, edges} updated by that move
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

  function colorOf(n) { return groups[n.c].color; }
  function groupOf(n) { return groups[n.c].key; }

  // ---- as of the year: [[year, value…], …] steps, each holding from its year (null: from the start) ----
  function stepAt(steps) {
    var found = null;
    for (var i = 0; i < steps.length && (steps[i][0] === null || steps[i][0] <= state.year); i++) found = steps[i];
    return found;
  }

  function nodeSize(n) {
    if (state.year === null || !n.sizes) return n.size;
    var s = stepAt(n.sizes);
    return s ? s[1] : n.size;
  }

  function tieStep(e) { // a collaboration tie's [year, weight, width] as of the year; undefined: all years
    return state.year === null || !e.byYear ? undefined : stepAt(e.byYear);
  }

  function edgeWeight(e) { // a collaboration tie counts the tasks of plans dated up to the year
    var s = tieStep(e);
    return s === undefined ? e.weight : s ? s[1] : 0;
  }

  function edgeWidth(e) {
    var s = tieStep(e);
    return s ? s[2] : e.width;
  }

  function drawnSize(n) { var size = nodeSize(n); return focusIds.has(n.id) ? Math.max(size * FOCUS_SIZE, 26) : size; }

  function visNode(n, dim) {
    var s = nodeStyle[n.t];
    var c = colorOf(n);
    var focus = focusIds.has(n.id);
    var border = focus ? "#111111" : c;
    return {
      id: n.id, x: n.x, y: n.y, size: drawnSize(n), shape: s.shape, borderWidth: focus ? 4 : 1,
      color: dim ? DIM_NODE : { background: c, border: border,
        highlight: { background: c, border: "#000" }, hover: { background: c, border: "#000" } }
    };
  }

  function visEdge(e, dim) {
    var s = edgeStyle[e.t];
    var out = {
      id: e.id, from: e.from, to: e.to, width: edgeWidth(e),
      dashes: !data.fast && s.dashes && s.dashes.length ? s.dashes : false,
      color: { color: dim ? DIM_EDGE : s.color, highlight: s.color, hover: s.color, inherit: false },
      arrows: { to: { enabled: !data.fast && !!s.arrow, scaleFactor: 0.5 } }
    };
    if (e.weight !== undefined && data.edgeLabels) out.label = String(edgeWeight(e));
    return out;
  }

  // ---- visibility: label and type filters, colour groups, the year ------------------
  function nodeExists(n) { return !(state.year !== null && n.since !== undefined && n.since > state.year); }

  function edgeExists(e) { // in the year shown: it, both its ends, and (a tie) at least one shared task
    return nodeExists(nodeById.get(e.from)) && nodeExists(nodeById.get(e.to)) &&
      !(state.year !== null && e.since !== undefined && e.since > state.year) && edgeWeight(e) !== 0;
  }

  function nodeVisible(n) {
    return !state.hiddenLabels.has(n.t) && !state.hiddenGroups.has(groupOf(n)) && nodeExists(n);
  }

  function edgeVisible(e) {
    return !state.hiddenTypes.has(e.t) && nodeVisible(nodeById.get(e.from)) && nodeVisible(nodeById.get(e.to)) &&
      edgeExists(e);
  }

  // ---- header, notice, caption ----------------------------------------------------
  document.getElementById("map-title").textContent = data.title;
  document.getElementById("map-summary").textContent =
    data.nodes.length + " 节点 nodes · " + data.edges.length + " 关系 relationships · 大小 size: " + data.sizeBy +
    " · 颜色 colour: " + data.colorBy +
    (data.fast ? " · 大图: 关系以颜色区分，不画虚线和箭头 (large map: edges told apart by colour only)" : "");
  var notice = document.getElementById("notice");
  if (data.notice) {
    notice.textContent = data.notice;
    notice.title = data.notice;
    notice.hidden = false;
  }
  var caption = document.getElementById("caption");

  function updateCaption(shownNodes, shownEdges) {
    var c = data.caption;
    var parts = [c.scope, shownNodes + "/" + data.nodes.length + " 节点 nodes, " + shownEdges + "/" +
      data.edges.length + " 关系 relationships"];
    if (state.year !== null) parts.push("截至 as of " + state.year);
    parts = parts.concat(c.filters);
    parts.push("store " + c.store, c.date);
    caption.textContent = parts.filter(function (p) { return p; }).join(" · ");
  }

  var container = document.getElementById("network");
  if (!data.nodes.length) {
    container.appendChild(el("div", "没有可绘制的内容 — the selection is empty", "empty"));
    updateCaption(0, 0);
    window.policykgMap = { empty: true, state: state };
    return;
  }

  // ---- network ----------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes.map(function (n) { return visNode(n, false); }));
  var edges = new vis.DataSet(data.edges.map(function (e) { return visEdge(e, false); }));
  var nodesView = new vis.DataView(nodes, { filter: function (item) { return nodeVisible(nodeById.get(item.id)); } });
  var edgesView = new vis.DataView(edges, { filter: function (item) { return edgeVisible(edgeById.get(item.id)); } });
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
    nodes: { borderWidth: 1 },
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

  network.on("hoverNode", function (p) {
    showTooltip(nodeById.get(p.node).info, p.pointer.DOM);
    state.hover = p.node;
    network.redraw();
  });
  network.on("blurNode", function () {
    hideTooltip();
    state.hover = null;
    network.redraw();
  });
  function clip(text) {
    var chars = Array.from(text);
    return chars.length > QUOTE_CHARS ? chars.slice(0, QUOTE_CHARS - 1).join("") + "…" : text;
  }

  function edgeRows(e) { // type, ends and year travel once, in the edge's fields; the rest in e.info
    var rows = [["关系 relation", edgeStyle[e.t].name], ["从 from", nodeById.get(e.from).name],
      ["到 to", nodeById.get(e.to).name]];
    if (e.since !== undefined) rows.push(["始于 since", String(e.since)]);
    if (e.byYear) { // a collaboration tie: its count and tasks as of the year shown (tasks come earliest first)
      var w = edgeWeight(e);
      rows.push(["共担任务数 shared tasks", w === e.weight ? String(w)
        : w + " (截至 as of " + state.year + "; 全部 all years " + e.weight + ")"]);
      var names = e.tasks.slice(0, Math.min(e.tasks.length, w));
      if (names.length) {
        var more = w > names.length ? " …(+" + (w - names.length) + ")" : "";
        rows.push(["任务 tasks", clip(names.join("；") + more)]);
      }
    }
    return rows.concat(e.info);
  }

  network.on("hoverEdge", function (p) { showTooltip(edgeRows(edgeById.get(p.edge)), p.pointer.DOM); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // ---- labels that fit ---------------------------------------------------------------
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = LABEL_PX + "px " + data.font;
  var widths = new Map();

  function labelWidth(n) {
    var w = widths.get(n.id);
    if (w === undefined) {
      w = Math.ceil(measure.measureText(shortLabel(n.label)).width) + 4;
      widths.set(n.id, w);
    }
    return w;
  }

  function Grid() { this.cells = new Map(); }
  Grid.prototype.each = function (b, fn) {
    for (var gx = Math.floor(b.x / 64); gx <= Math.floor((b.x + b.w) / 64); gx++) {
      for (var gy = Math.floor(b.y / 64); gy <= Math.floor((b.y + b.h) / 64); gy++) {
        if (fn(gx + "," + gy) === false) return false;
      }
    }
    return true;
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.each(b, function (k) { if (!cells.has(k)) cells.set(k, []); cells.get(k).push(b); });
  };
  Grid.prototype.free = function (b) {
    var cells = this.cells;
    return this.each(b, function (k) {
      var list = cells.get(k);
      if (!list) return true;
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
      }
      return true;
    });
  };

  // Where a label may go around a node of screen radius r: beside it first, then further out
  // (with a leader line) for the names that must be shown.
  var DIRECTIONS = [[0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1]];

  function spots(p, r, w, h, far) {
    var out = [];
    var rings = far ? [2, 16, 34, 60, 95] : [2];
    rings.forEach(function (gap) {
      DIRECTIONS.forEach(function (d) {
        var cx = p.x + d[0] * (r + gap + w / 2);
        var cy = p.y + d[1] * (r + gap + h / 2);
        if (d[0] === 0) cx = p.x;
        if (d[1] === 0) cy = p.y;
        out.push({ x: cx - w / 2, y: cy - h / 2, w: w, h: h, gap: gap });
      });
    });
    return out;
  }

  function obstacles(grid) {
    var box = container.getBoundingClientRect();
    [notice, caption].forEach(function (e) {
      if (e.hidden || !e.textContent) return;
      var r = e.getBoundingClientRect();
      if (r.width && r.height) grid.add({ x: r.left - box.left, y: r.top - box.top, w: r.width, h: r.height });
    });
  }

  function placeLabels() {
    var scale = network.getScale();
    var W = container.clientWidth;
    var H = container.clientHeight;
    var zoom = state.fitScale ? Math.max(1, scale / state.fitScale) : 1;
    var budget = Math.min(MAX_LABELS, Math.round(data.labels * zoom * zoom));
    var ids = state.order.filter(function (id) {
      return state.keep ? state.keep.has(id) : nodeVisible(nodeById.get(id));
    });
    if (state.keep) budget = Math.max(budget, Math.min(ids.length, MAX_LABELS));
    var pos = network.getPositions(ids);
    var grid = new Grid();
    obstacles(grid);
    var onScreen = [];
    for (var i = 0; i < ids.length && onScreen.length < budget * 2; i++) {
      var n = nodeById.get(ids[i]);
      var p = network.canvasToDOM(pos[ids[i]]);
      if (p.x < -20 || p.y < -20 || p.x > W + 20 || p.y > H + 20) continue;
      var r = drawnSize(n) * scale;
      onScreen.push({ n: n, p: p, r: r });
      grid.add({ x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r, node: n.id }); // labels do not cover the big nodes
    }
    var placed = [];
    for (var j = 0; j < onScreen.length && placed.length < budget; j++) {
      var o = onScreen[j];
      var w = labelWidth(o.n);
      var must = j < data.labels || focusIds.has(o.n.id);
      var candidates = spots(o.p, o.r, w, LABEL_H, must);
      for (var k = 0; k < candidates.length; k++) {
        var b = candidates[k];
        if (b.x < 0 || b.y < 0 || b.x + b.w > W || b.y + b.h > H) continue;
        if (grid.free(b)) {
          grid.add(b);
          placed.push({ id: o.n.id, x: b.x, y: b.y, w: b.w, h: b.h, px: o.p.x, py: o.p.y, r: o.r, gap: b.gap });
          break;
        }
      }
    }
    state.labels = placed;
  }

  function drawText(ctx, text, x, y, scale, halo) {
    ctx.lineWidth = 3 / scale;
    ctx.strokeStyle = halo;
    ctx.strokeText(text, x, y);
    ctx.fillStyle = "#222222";
    ctx.fillText(text, x, y);
  }

  function drawLabels(ctx) {
    var scale = network.getScale();
    ctx.save();
    ctx.font = (LABEL_PX / scale) + "px " + data.font;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    state.labels.forEach(function (l) {
      var c = network.DOMtoCanvas({ x: l.x + l.w / 2, y: l.y + l.h / 2 });
      if (l.gap > 2) { // a name set further out: a thin line back to its node
        var a = network.DOMtoCanvas({ x: l.px, y: l.py });
        ctx.strokeStyle = "rgba(90,90,90,0.6)";
        ctx.lineWidth = 1 / scale;
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(c.x, c.y);
        ctx.stroke();
      }
      drawText(ctx, shortLabel(nodeById.get(l.id).label), c.x, c.y, scale, "#ffffff");
    });
    if (state.hover !== null && nodeById.has(state.hover)) { // the hovered name, on a white box, on top
      var n = nodeById.get(state.hover);
      var p = network.getPositions([n.id])[n.id];
      if (p) {
        var text = shortLabel(n.label);
        var w = (labelWidth(n) + 4) / scale;
        var y = p.y - drawnSize(n) - 11 / scale;
        ctx.fillStyle = "rgba(255,255,255,0.92)";
        ctx.fillRect(p.x - w / 2, y - 9 / scale, w, 18 / scale);
        drawText(ctx, text, p.x, y, scale, "#ffffff");
      }
    }
    ctx.restore();
  }

  var lastView = "";

  function viewKey() {
    var v = network.getViewPosition();
    return [network.getScale().toFixed(5), v.x.toFixed(1), v.y.toFixed(1), state.version,
      container.clientWidth, container.clientHeight].join(" ");
  }

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
      ctx.lineWidth = Math.max(edgeWidth(e), 1.5 / scale);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(q.x, q.y);
      ctx.stroke();
    });
    overlay.nodes.forEach(function (id) {
      var n = nodeById.get(id);
      var p = pos[id];
      if (!p) return;
      var r = drawnSize(n);
      ctx.beginPath();
      var unit = POLYGONS[nodeStyle[n.t].shape];
      if (unit) {
        unit.forEach(function (u, i) {
          if (i === 0) ctx.moveTo(p.x + u[0] * r, p.y + u[1] * r); else ctx.lineTo(p.x + u[0] * r, p.y + u[1] * r);
        });
        ctx.closePath();
      } else {
        ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
      }
      ctx.fillStyle = colorOf(n);
      ctx.fill();
      ctx.lineWidth = (id === state.focus || focusIds.has(id) ? 3 : 1) / scale;
      ctx.strokeStyle = "#000000";
      ctx.stroke();
    });
    ctx.restore();
  }

  network.on("afterDrawing", function (ctx) {
    drawOverlay(ctx);
    var key = viewKey();
    if (key !== lastView || (data.physics && network.physics.physicsEnabled)) {
      var t0 = performance.now();
      placeLabels();
      state.labelMs = performance.now() - t0;
      lastView = key;
    }
    drawLabels(ctx);
  });

  function highlight(id) {
    if (!nodeById.has(id)) return [];
    var keep = new Set(network.getConnectedNodes(id).filter(function (m) { return nodesView.get(m); }));
    keep.add(id);
    var keepEdges = network.getConnectedEdges(id);
    state.focus = id;
    state.keep = keep;
    state.version += 1;
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
    state.keep = null;
    state.version += 1;
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
      if (!nodeVisible(n)) return;
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
      li.appendChild(el("span", n.label));
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
  function swatchNode(s, color) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "-8 -8 16 16");
    var shape;
    var unit = POLYGONS[s.shape];
    if (unit) {
      shape = document.createElementNS(SVG, "polygon");
      shape.setAttribute("points", unit.map(function (p) { return (p[0] * 7) + "," + (p[1] * 7); }).join(" "));
    } else {
      shape = document.createElementNS(SVG, "circle");
      shape.setAttribute("r", "6");
    }
    // shapes tell labels apart; colours are told by the colour legend (the same as the label's for kind)
    shape.setAttribute("fill", color || (data.colorBy === "kind" ? s.color : "#8a8a8a"));
    svg.appendChild(shape);
    return svg;
  }

  function swatchGroup(s) { return swatchNode({ shape: "dot" }, s.color); }

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
    state.version += 1;
    updateCaption(nodesView.length, edgesView.length);
    if (state.focus !== null) {
      if (nodesView.get(state.focus)) highlight(state.focus); else clearHighlight();
    }
    network.redraw();
  }

  var legendCounts = { label: new Map(), type: new Map(), group: new Map() }; // kind -> key -> count element

  function legendRow(s, swatch, hidden, kind) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-key", s.key);
    box.setAttribute("data-kind", kind);
    box.addEventListener("change", function () {
      if (box.checked) hidden.delete(s.key); else hidden.add(s.key);
      label.classList.toggle("off", !box.checked);
      refreshFilters();
    });
    label.appendChild(box);
    label.appendChild(swatch(s));
    label.appendChild(el("span", s.name, "name"));
    var count = el("span", s.count, "count");
    legendCounts[kind].set(s.key, { el: count, all: s.count });
    label.appendChild(count);
    return label;
  }

  var legendNodes = document.getElementById("legend-nodes");
  data.legend.nodes.forEach(function (s) {
    legendNodes.appendChild(legendRow(s, function (x) { return swatchNode(x); }, state.hiddenLabels, "label"));
  });
  var legendEdges = document.getElementById("legend-edges");
  data.legend.edges.forEach(function (s) {
    legendEdges.appendChild(legendRow(s, swatchEdge, state.hiddenTypes, "type"));
  });
  var legendGroups = document.getElementById("legend-groups");
  document.getElementById("groups-heading").textContent = {
    kind: "颜色: 类别 colour: kind", community: "颜色: 协作社区 colour: community",
    jurisdiction: "颜色: 辖区 colour: jurisdiction"
  }[data.colorBy];
  groups.forEach(function (s) { legendGroups.appendChild(legendRow(s, swatchGroup, state.hiddenGroups, "group")); });

  function setHidden(set, key, hidden, kind) {
    if (hidden) set.add(key); else set.delete(key);
    var box = document.querySelector('input[data-kind="' + kind + '"][data-key="' + CSS.escape(key) + '"]');
    if (box) {
      box.checked = !hidden;
      box.parentNode.classList.toggle("off", hidden);
    }
    refreshFilters();
  }

  // ---- the year ------------------------------------------------------------------
  var yearInput = document.getElementById("year");
  var yearLabel = document.getElementById("year-label");

  // The nodes and ties whose size or weight changes with the year, found once, not on every slider move.
  var resizedNodes = data.nodes.filter(function (n) { return n.sizes; });
  var reweightedEdges = data.edges.filter(function (e) { return e.byYear; });
  var reweighted = reweightedEdges.length > 0;
  // What vis-network last got: a resized node's size, a reweighted edge's "width label".
  var sentSize = new Map();
  var sentEdge = new Map();
  var orderRank = resizedNodes.length ? new Map(data.order.map(function (id, i) { return [id, i]; })) : null;

  function edgeLook(e) {
    var item = { id: e.id, width: edgeWidth(e) };
    if (data.edgeLabels) item.label = String(edgeWeight(e));
    return item;
  }

  resizedNodes.forEach(function (n) { sentSize.set(n.id, drawnSize(n)); });
  reweightedEdges.forEach(function (e) { var look = edgeLook(e); sentEdge.set(e.id, look.width + " " + look.label); });

  // Ties and sizes as of the year: the items whose value changed, sent as one update per DataSet.
  function reweigh() {
    var nodeUpdates = [];
    var edgeUpdates = [];
    if (resizedNodes.length) {
      resizedNodes.forEach(function (n) {
        var size = drawnSize(n);
        if (sentSize.get(n.id) !== size) nodeUpdates.push({ id: n.id, size: size });
        sentSize.set(n.id, size);
      });
      state.order = state.year === null ? data.order : data.order.slice().sort(function (a, b) {
        return drawnSize(nodeById.get(b)) - drawnSize(nodeById.get(a)) || orderRank.get(a) - orderRank.get(b);
      });
    }
    reweightedEdges.forEach(function (e) {
      var item = edgeLook(e);
      var key = item.width + " " + item.label;
      if (sentEdge.get(e.id) !== key) edgeUpdates.push(item);
      sentEdge.set(e.id, key);
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    return { nodes: nodeUpdates.length, edges: edgeUpdates.length };
  }

  function countLegend() { // the legend counts what exists as of the year (all of it: the counts written)
    var counts = { label: new Map(), type: new Map(), group: new Map() };
    function add(kind, key) { counts[kind].set(key, (counts[kind].get(key) || 0) + 1); }
    if (state.year !== null) {
      data.nodes.forEach(function (n) { if (nodeExists(n)) { add("label", n.t); add("group", groupOf(n)); } });
      data.edges.forEach(function (e) { if (edgeExists(e)) add("type", e.t); });
    }
    Object.keys(legendCounts).forEach(function (kind) {
      legendCounts[kind].forEach(function (c, key) {
        c.el.textContent = String(state.year === null ? c.all : counts[kind].get(key) || 0);
      });
    });
  }

  function yearText() {
    return state.year === null ? "全部 all years (" + data.years[0] + "–" + data.years[1] + ")"
      : "截至 as of " + state.year + " (之后的规划已隐藏 later plans hidden" +
        (reweighted ? "; 合作只计此前的任务 ties count the tasks up to then" : "") + ")";
  }

  function setYear(year) {
    state.year = year === null || year === undefined || !data.years || year >= data.years[1] ? null : year;
    if (data.years) {
      yearInput.value = String(state.year === null ? data.years[1] : state.year);
      yearLabel.textContent = yearText();
    }
    var t0 = performance.now();
    state.reweighed = reweigh();
    countLegend();
    refreshFilters();
    state.yearMs = performance.now() - t0;
  }

  if (data.years) {
    document.getElementById("year-section").hidden = false;
    yearInput.min = String(data.years[0]);
    yearInput.max = String(data.years[1]);
    yearInput.step = "1";
    yearInput.value = String(data.years[1]);
    yearInput.addEventListener("input", function () { setYear(parseInt(yearInput.value, 10)); });
    yearLabel.textContent = yearText();
  }
  updateCaption(data.nodes.length, data.edges.length);

  // ---- default view: fit, then centre on the focus with its neighbourhood highlighted -----
  function ready() {
    if (state.ready) return;
    network.fit({ animation: false });
    state.fitScale = network.getScale();
    var first = data.focus && data.focus.length ? data.focus[0] : null;
    if (first !== null && nodeById.has(first)) {
      highlight(first);
      network.moveTo({ position: network.getPositions([first])[first], scale: state.fitScale, animation: false });
    }
    state.ready = true;
    state.version += 1;
    network.redraw();
  }

  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      ready();
    });
    setTimeout(ready, 15000); // should a browser never report the end of stabilization, still open ready
  } else {
    ready();
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
    setYear: setYear,
    showTooltipFor: function (id) { showTooltip(nodeById.get(id).info, { x: 10, y: 10 }); return tooltip; },
    edgeTooltipFor: function (id) { showTooltip(edgeRows(edgeById.get(id)), { x: 10, y: 10 }); return tooltip; },
    visibleNodeIds: function () { return nodesView.getIds(); },
    visibleEdgeIds: function () { return edgesView.getIds(); },
    // label boxes as drawn, in page pixels: [{id, left, top, right, bottom}]
    labelBoxes: function () {
      var r = container.getBoundingClientRect();
      return state.labels.map(function (l) {
        return { id: l.id, left: r.left + l.x, top: r.top + l.y, right: r.left + l.x + l.w, bottom: r.top + l.y + l.h };
      });
    },
    setLabelHidden: function (key, hidden) { setHidden(state.hiddenLabels, key, hidden, "label"); },
    setTypeHidden: function (key, hidden) { setHidden(state.hiddenTypes, key, hidden, "type"); },
    setGroupHidden: function (key, hidden) { setHidden(state.hiddenGroups, key, hidden, "group"); }
  };
})();

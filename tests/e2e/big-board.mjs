// The benchmarks' big board: NODES Add nodes on a grid and 1.5 wires per
// node (a DAG: every node after the first takes `a` from an earlier one,
// some take `b` too).

/** The board as JSON-ready data. */
export function bigBoard(NODES) {
  const EDGES = Math.round(NODES * 1.5);
  const nodes = [];
  const edges = [];
  const cols = 40;
  for (let i = 0; i < NODES; i++) {
    nodes.push({ id: `n${i}`, kind: "math.add", position: { x: (i % cols) * 260, y: Math.floor(i / cols) * 120 }, inputs: { a: 1, b: 2 } });
  }
  // A DAG: every node after the first takes `a` from an earlier one, and some take `b` too.
  let e = 0;
  for (let j = 1; j < NODES && e < EDGES; j++) {
    edges.push({ id: `e${e++}`, from: { node: `n${j - 1 - (j * 7) % Math.min(j, 30)}`, pin: "result" }, to: { node: `n${j}`, pin: "a" } });
  }
  for (let j = 2; e < EDGES; j++) {
    edges.push({ id: `e${e++}`, from: { node: `n${j - 2}`, pin: "result" }, to: { node: `n${j}`, pin: "b" } });
  }
  for (const ed of edges) delete nodes[Number(ed.to.node.slice(1))].inputs[ed.to.pin];
  return { format_version: 1, meta: { name: `${NODES.toLocaleString("en")} nodes` }, nodes, edges };
}


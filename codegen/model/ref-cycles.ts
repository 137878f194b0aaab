// $ref cycles that never move into the data: `{"$ref": "#"}`, or A → B → A through `$ref`, `allOf` and the other
// keywords that apply a schema to the same value. Validating such a schema recurses forever (a RangeError on every
// input that reaches it). Only cycles that a file root can reach are found: one in an unused definition is inert.
// A cycle that a root reaches only through a branch (anyOf, oneOf, if/then/else, not, dependentSchemas) is reported
// as a warning: real schemas carry such bugs in branches their data never takes (SchemaStore's cloudify.json does).

import type { SchemaFile } from "../load.js";
import { compareText } from "./order.js";
import { resolveRef, type RefSite, type SchemaIndex } from "./resources.js";
import { childSubschemas, isSchemaObject, walkSubschemas } from "./walk.js";

/** Keywords whose subschemas apply to the value itself, not to a part of it. */
const IN_PLACE = new Set(["allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "dependencies"]);
/** In-place keywords that apply their subschema to some values only, or under a condition. */
const BRANCHES = new Set(["anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "dependencies"]);
/** Keywords whose subschemas are not applied where they stand. */
const NOT_APPLIED = new Set(["$defs", "definitions"]);

export interface RefCycle {
  /** The `$ref` to report: the first one of the cycle in path order. */
  site: RefSite;
  /** The schemas of the cycle in order, as `file#pointer`, the first repeated at the end. */
  path: string[];
  /** A root reaches the cycle only through a branch: inputs that take it make the validator throw, others do not. */
  branchOnly: boolean;
}

const nodeOf = (file: SchemaFile, pointer: string) => `${file.path}#${pointer}`;

export function findRefCycles(index: SchemaIndex): RefCycle[] {
  const inPlace = new Map<string, string[]>();
  const all = new Map<string, string[]>();
  const unbranched = new Map<string, string[]>();
  const add = (edges: Map<string, string[]>, from: string, to: string) => {
    const list = edges.get(from);
    if (list) list.push(to);
    else edges.set(from, [to]);
  };
  for (const resource of index.files) {
    walkSubschemas(resource.schema, resource.dialect, ({ schema, pointer }) => {
      if (!isSchemaObject(schema)) return;
      const from = nodeOf(resource.file, pointer);
      for (const child of childSubschemas(schema, resource.dialect, pointer)) {
        if (NOT_APPLIED.has(child.via[0]!)) continue;
        const to = nodeOf(resource.file, child.pointer);
        add(all, from, to);
        if (!BRANCHES.has(child.via[0]!)) add(unbranched, from, to);
        if (IN_PLACE.has(child.via[0]!)) add(inPlace, from, to);
      }
    });
  }
  const refEdges = new Map<string, { site: RefSite; to: string }[]>();
  for (const site of index.refSites) {
    // $dynamicRef and $recursiveRef land where the dynamic scope says; only static refs are followed.
    if (site.keyword !== "$ref") continue;
    const target = resolveRef(index, site.ref, site.baseUri);
    if (target?.kind !== "schema") continue;
    const from = nodeOf(site.file, site.pointer);
    const to = nodeOf(target.resource.file, target.pointer);
    add(all, from, to);
    add(unbranched, from, to);
    add(inPlace, from, to);
    const list = refEdges.get(from) ?? [];
    list.push({ site, to });
    refEdges.set(from, list);
  }

  const roots = index.files.filter((resource) => !resource.external).map((resource) => nodeOf(resource.file, ""));
  const reachable = reachableFrom(roots, all);
  const reachableWithoutBranches = reachableFrom(roots, unbranched);

  const cycles: RefCycle[] = [];
  for (const component of stronglyConnected([...reachable].sort(compareText), (node) => (inPlace.get(node) ?? []).filter((next) => reachable.has(next)))) {
    const members = new Set(component);
    const sites = component
      .flatMap((node) => (refEdges.get(node) ?? []).filter((edge) => members.has(edge.to)))
      .sort((a, b) => compareText(nodeOf(a.site.file, a.site.pointer), nodeOf(b.site.file, b.site.pointer)));
    const first = sites[0];
    // A cycle of allOf alone would need an object inside itself: it always passes through a $ref.
    if (!first) continue;
    if (component.length === 1 && first.to !== component[0]) continue;
    const path = cycleThrough(nodeOf(first.site.file, first.site.pointer), first.to, members, inPlace);
    cycles.push({ site: first.site, path, branchOnly: !component.some((node) => reachableWithoutBranches.has(node)) });
  }
  return cycles;
}

function reachableFrom(starts: string[], edges: Map<string, string[]>): Set<string> {
  const reached = new Set(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    for (const next of edges.get(queue.pop()!) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}

/** The shortest way back from `to` to `from` inside the component, so the message shows one loop. */
function cycleThrough(from: string, to: string, members: Set<string>, edges: Map<string, string[]>): string[] {
  const previous = new Map<string, string>([[to, ""]]);
  const queue = [to];
  while (queue.length > 0 && !previous.has(from)) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  const back: string[] = [];
  for (let node: string | undefined = from; node; node = previous.get(node)) back.push(node);
  return [from, ...back.reverse().slice(0, -1), from];
}

/** Tarjan's components, iteratively (a chain of refs can be longer than the call stack), each with a cycle. */
function stronglyConnected(nodes: string[], next: (node: string) => string[]): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (order.has(root)) continue;
    const frames: { node: string; edges: string[]; at: number }[] = [];
    const enter = (node: string) => {
      order.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      frames.push({ node, edges: next(node), at: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.at < frame.edges.length) {
        const target = frame.edges[frame.at++]!;
        if (!order.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, order.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== order.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfLoop = component.length === 1 && next(frame.node).includes(frame.node);
      if (component.length > 1 || selfLoop) components.push(component.sort(compareText));
    }
  }
  return components;
}

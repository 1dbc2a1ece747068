// algorithms.graph.bfs: breadth-first search over a graph given as an
// object of adjacency lists, e.g. {a: ["b", "c"], b: ["d"], c: ["d"], d: []}.
// Imports another ML module (algorithms.sorting) to order its results.
import algorithms.sorting;

function bfs(graph, start) {
    seen = {};
    seen[start] = true;
    order = [start];
    queue = [start];
    while (len(queue) > 0) {
        node = queue[0];
        queue = queue[1:];
        for (next in getattr(graph, node, [])) {
            if (!hasattr(seen, next)) {
                seen[next] = true;
                order.append(next);
                queue.append(next);
            }
        }
    }
    return order;
}

function shortest_path(graph, start, goal) {
    previous = {};
    previous[start] = null;
    queue = [start];
    while (len(queue) > 0) {
        node = queue[0];
        queue = queue[1:];
        if (node == goal) {
            path = [];
            while (node != null) {
                path = [node] + path;
                node = previous[node];
            }
            return path;
        }
        for (next in getattr(graph, node, [])) {
            if (!hasattr(previous, next)) {
                previous[next] = node;
                queue.append(next);
            }
        }
    }
    return null;
}

// Nodes reachable from `start`, sorted by name.
function reachable(graph, start) {
    return algorithms.sorting.quicksort(bfs(graph, start));
}

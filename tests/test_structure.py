"""The code's shape: no import cycles anywhere, lazy imports included (the layers between the
rooms are checked by import-linter's contracts in pyproject.toml, run by `make lint`)."""

import grimp


def test_no_module_imports_one_that_imports_it_back():
    graph = grimp.build_graph("transport", "api")
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            # A package's __init__ importing its own modules is how a package shows its front door.
            if imported.startswith(importer + ".") or importer.startswith(imported + "."):
                continue
            if graph.chain_exists(importer=imported, imported=importer):
                cycles.append(" -> ".join(graph.find_shortest_chain(importer=imported, imported=importer)) + f" -> {imported}")
    assert cycles == []


def test_the_probe_would_find_a_cycle():
    """The check above can fail: a graph with a cycle in it is caught."""
    graph = grimp.build_graph("transport")
    graph.add_import(importer="transport.optimizer.problem", imported="transport.optimizer.solve")
    assert graph.chain_exists(importer="transport.optimizer.solve", imported="transport.optimizer.problem")

"""An import-linter contract that no module imports itself through other modules.

The layers contract in .importlinter allows the events, networks and projects apps to import
each other (they are one layer of the domain); this one keeps those imports from going in a
circle, whichever packages the circle passes through. Run by `make lint` (lint-imports).
"""

from importlinter.application import output
from importlinter.domain.contract import Contract, ContractCheck


class NoImportCyclesContract(Contract):
    type_name = "no_import_cycles"

    def check(self, graph, verbose: bool) -> ContractCheck:
        cycles: dict[frozenset, tuple[str, ...]] = {}
        for importer in sorted(graph.modules):
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                back = graph.find_shortest_chain(importer=imported, imported=importer)
                if back:
                    cycle = (importer, *back)
                    cycles.setdefault(frozenset(cycle), cycle)
        return ContractCheck(kept=not cycles, metadata={"cycles": sorted(cycles.values())})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error(" -> ".join(cycle))
            output.new_line()

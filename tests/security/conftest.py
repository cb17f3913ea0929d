from .world import world, world_files  # noqa: F401 (fixtures of the URL walk and the bad input)

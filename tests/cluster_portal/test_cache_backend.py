from cluster_portal.cache import RedisCache


def test_redis_cache_reuses_one_client_per_connection_pool():
    # Building a client opens no connection, so no Redis server is needed here.
    backend = RedisCache("redis://127.0.0.1:1/0", {})
    first = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is first
    assert backend._cache.get_client("c", write=True) is first

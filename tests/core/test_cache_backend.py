"""The Redis cache backend reuses one client per connection pool (Django's builds one per operation)."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from core.cache import RedisCache


def test_the_redis_cache_reuses_its_client_and_django_s_does_not():
    ours = RedisCache("redis://127.0.0.1:6379/2", {})
    assert ours._cache.get_client(write=False) is ours._cache.get_client(write=True)  # one server, one pool
    django_s = DjangoRedisCache("redis://127.0.0.1:6379/2", {})
    assert django_s._cache.get_client() is not django_s._cache.get_client()

"""Run Pagefind over the shards that need indexing: in its services, one thread per
service, taking what the feed already sent where it is exactly what would be sent now."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from cjmsite.search.feed import SearchFeed, ServicePool
from cjmsite.search.service import ServiceError, Ticket
from cjmsite.search.slim import search_document


@dataclass
class Job:
    """One shard to index: its pages in send order; its bundle or why there is none."""

    shard: str
    names: list[str]
    service: int = 0
    ticket: Ticket | None = None  # set when the feed already sent the pages
    bundle: dict[str, bytes] = field(default_factory=dict)
    problem: str | None = None
    collected: bool = False  # the feed's collector took the bundle (or failed to)
    final: dict[str, bytes] | None = None  # the collector's canonical, relocated files


def plan_jobs(groups: Mapping[str, list[str]], feed: SearchFeed | None, services: int) -> list[Job]:
    """A job per shard; the feed's index when it sent exactly these pages, else the
    service with the fewest pages to read so far."""
    jobs, load = [], [0] * max(1, services)
    for shard, names in groups.items():
        fed = feed.shards.get(shard) if feed is not None and feed.problem is None else None
        if fed is not None and fed.ticket is not None and fed.sent == names:
            job = Job(shard, names, fed.service, fed.ticket, problem=fed.problem)
            if fed.raw is not None or fed.problem is not None:
                job.bundle, job.final, job.collected = fed.raw or {}, fed.final, True
            jobs.append(job)
            continue
        lightest = min(range(len(load)), key=lambda n: (load[n], n))
        load[lightest] += len(names)
        jobs.append(Job(shard, names, lightest))
    return jobs


def run_jobs(jobs: list[Job], files: Mapping[str, bytes], pool: ServicePool) -> None:
    """Each job's bundle (or problem), the services working in parallel."""
    by_service: dict[int, list[Job]] = {}
    for job in jobs:
        by_service.setdefault(job.service, []).append(job)
    threads = [
        threading.Thread(target=_run, args=(number, mine, files, pool), daemon=True)
        for number, mine in sorted(by_service.items())
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _run(number: int, jobs: list[Job], files: Mapping[str, bytes], pool: ServicePool) -> None:
    """One service's jobs: send the pages not sent yet, then fetch every bundle."""
    try:
        service = pool.service(number)
        for job in jobs:
            if job.ticket is None:
                index = service.new_index()
                for name in job.names:
                    page = search_document(files[name]).decode("utf-8", "replace")
                    service.add_page(index, name, page)
                job.ticket = service.ask_files(index)
        for job in jobs:
            assert job.ticket is not None
            if not job.collected:
                job.bundle, job.collected = service.collect(job.ticket), True
    except (ServiceError, OSError) as error:
        for job in jobs:
            if not job.collected:
                job.problem = str(error)

"""The outbox and webhooks: written with the change (never for a rolled-back one), signed per Standard
Webhooks (checked with the `standardwebhooks` reference library), in order per subject, retried with
backoff after the receiver was down, given up after the last attempt, sent again by an admin."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook

from core import outbox
from core.models import AuditEvent, OutboxAttempt, OutboxMessage, WebhookSubscription
from tests.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True  # the receiver is on loopback
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def subscription(receiver, world):
    return outbox.webhook_subscription_create(
        actor=world.admin,
        name="RR. HH.",
        url=receiver.url,
        event_types=["certificate.revoked", "certificate.issued", "clearance.changed"],
    )


def publish(n, subject="certificate:ACR-1", event="certificate.revoked"):
    return outbox.webhook_publish(event, subject=subject, data={"n": n}, key=f"test:{subject}:{n}")


def later(minutes=60):
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_nothing_is_written_without_a_subscription(world):
    assert publish(1) == 0
    assert not OutboxMessage.objects.exists()


def test_a_subscription_gets_only_the_events_it_chose(subscription):
    assert outbox.webhook_publish("payout_run.approved", subject="payout_run:1", data={}) == 0
    assert publish(1) == 1


def test_a_rolled_back_change_writes_and_sends_nothing(subscription, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            publish(1)
            raise RuntimeError("the business change failed")
    assert not OutboxMessage.objects.exists()
    assert receiver.received == []


def test_a_committed_event_arrives_signed_per_standard_webhooks(
    subscription, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(1)
    [got] = receiver.received
    message = OutboxMessage.objects.get()
    assert got.headers["webhook-id"] == str(message.uuid)
    payload = Webhook(subscription.secret).verify(got.body, got.headers)  # raises on a bad signature
    assert payload["type"] == "certificate.revoked" and payload["data"] == {"n": 1}
    assert message.status == OutboxMessage.Status.DELIVERED and message.attempts == 1
    [attempt] = OutboxAttempt.objects.all()
    assert attempt.status_code == 204 and attempt.delivered


def test_a_signature_with_another_secret_does_not_verify(subscription, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(1)
    [got] = receiver.received
    with pytest.raises(Exception, match="signature"):
        Webhook(outbox.webhook_secret_new()).verify(got.body, got.headers)


def test_publishing_one_event_twice_writes_it_once(subscription):
    assert publish(1) == 1
    assert publish(1) == 0
    assert OutboxMessage.objects.count() == 1


def test_after_the_receiver_was_down_every_message_arrives_once_in_order_per_subject(subscription, receiver):
    receiver.stop()
    for n in range(3):
        publish(n, subject="certificate:ACR-1")
    publish(9, subject="certificate:ACR-2")
    counts = outbox.outbox_deliver_due()
    # one attempt, refused: the destination is then left alone for this sweep
    assert counts == {"delivered": 0, "failed": 1, "waiting": 3}
    first = OutboxMessage.objects.order_by("pk").first()
    assert first.attempts == 1 and "Connection" in first.last_error and first.next_attempt_at > timezone.now()
    assert outbox.outbox_deliver_due()["delivered"] == 0  # still down (ACR-2, due, is tried now)
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.DELIVERED).count() == 0

    receiver.start()  # same port
    counts = outbox.outbox_deliver_due(now=later())
    assert counts["delivered"] == 4
    arrived = [(r.json()["data"]["n"], r.headers["webhook-id"]) for r in receiver.received]
    ids = [str(u) for u in OutboxMessage.objects.order_by("pk").values_list("uuid", flat=True)]
    assert [n for n, _ in arrived if n != 9] == [0, 1, 2]
    assert sorted(i for _, i in arrived) == sorted(ids)  # each once
    assert outbox.outbox_deliver_due(now=later(120)) == {"delivered": 0, "failed": 0, "waiting": 0}


def test_a_message_refused_by_the_receiver_holds_back_the_later_ones_of_its_subject(subscription, receiver):
    receiver.statuses = [500]
    publish(1, subject="certificate:ACR-1")
    publish(2, subject="certificate:ACR-1")
    publish(3, subject="certificate:ACR-2")
    counts = outbox.outbox_deliver_due()
    assert counts == {"delivered": 1, "failed": 1, "waiting": 1}
    assert [r.json()["data"]["n"] for r in receiver.received] == [1, 3]
    outbox.outbox_deliver_due(now=later())
    assert [r.json()["data"]["n"] for r in receiver.received] == [1, 3, 1, 2]
    retried = [r for r in receiver.received if r.json()["data"]["n"] == 1]
    assert retried[0].headers["webhook-id"] == retried[1].headers["webhook-id"]  # same id: a repeat


def test_retries_wait_longer_each_time_and_give_up_after_the_last_attempt(subscription, receiver, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 10
    settings.OUTBOX_MAX_ATTEMPTS = 3
    receiver.status = 503
    publish(1)
    message = OutboxMessage.objects.get()
    waits = []
    now = timezone.now()
    for _ in range(3):
        outbox.outbox_deliver_due(now=now)
        message.refresh_from_db()
        tried = OutboxAttempt.objects.filter(message=message).first()  # the latest
        waits.append((message.next_attempt_at - tried.at).total_seconds())
        now = message.next_attempt_at + dt.timedelta(seconds=1)
    assert message.status == OutboxMessage.Status.FAILED and message.attempts == 3
    assert round(waits[0]) == 10 and round(waits[1]) == 20  # 10 s, then twice that
    assert OutboxAttempt.objects.filter(message=message, status_code=503).count() == 3


def test_a_message_is_claimed_once_so_two_sweeps_never_send_it_twice(subscription, receiver):
    publish(1)
    message = OutboxMessage.objects.get()
    now = timezone.now()
    assert outbox._claim(message, now) is True
    assert outbox._claim(message, now) is False
    assert outbox.outbox_deliver_due(now=now)["delivered"] == 0
    assert receiver.received == []


def test_a_redirect_is_not_followed(subscription, receiver):
    receiver.status = 302
    publish(1)
    outbox.outbox_deliver_due()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING and message.last_status_code == 302
    assert len(receiver.received) == 1


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://example.com/hook", "http"),
        ("https://user:pw@example.com/hook", "passwords"),
        ("http://127.0.0.1:8000/hook", "private"),
        ("http://10.1.2.3/hook", "private"),
        ("http://[::1]/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "private"),
    ],
)
def test_webhook_urls_are_refused_outside_public_http(url, reason, settings, world):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as exc:
        outbox.webhook_subscription_create(actor=world.admin, name="x", url=url, event_types=["certificate.issued"])
    assert reason in str(exc.value.message_dict["url"])
    assert not WebhookSubscription.objects.exists()


def test_a_delivery_to_an_address_that_became_private_is_refused_not_sent(subscription, receiver, settings):
    publish(1)
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    outbox.outbox_deliver_due()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING and message.last_error.startswith("refused")
    assert receiver.received == []


def test_an_unknown_event_is_a_programming_error(subscription):
    with pytest.raises(ValueError, match="unknown webhook event"):
        outbox.webhook_publish("certificate.eaten", subject="x", data={})


# ----------------------------------------------------------------------------- the admin pages
def test_only_admins_manage_webhooks(client_for, world):
    assert client_for(world.hr).get(reverse("core:webhook_list")).status_code == 403
    assert client_for(world.admin).get(reverse("core:webhook_list")).status_code == 200


def test_an_admin_creates_a_subscription_and_reads_its_secret(client_for, world, receiver):
    client = client_for(world.admin)
    response = client.post(
        reverse("core:webhook_list"),
        {
            "name": "Nómina",
            "url": receiver.url,
            "event_types": ["payout_run.approved", "payout_run.exported"],
            "active": "on",
        },
    )
    sub = WebhookSubscription.objects.get()
    assert response["Location"] == reverse("core:webhook_detail", args=[sub.pk])
    assert sub.secret.startswith("whsec_") and sub.event_types == ["payout_run.approved", "payout_run.exported"]
    page = client.get(response["Location"]).content.decode()
    assert sub.secret in page
    assert AuditEvent.objects.filter(action="webhook_subscription.create").exists()


def test_the_page_names_a_bad_url_and_saves_nothing(client_for, world, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    response = client_for(world.admin).post(
        reverse("core:webhook_list"),
        {"name": "x", "url": "https://a:b@example.com/", "event_types": ["certificate.issued"]},
    )
    assert response.status_code == 200
    assert "contraseñas" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_an_admin_sends_a_message_again_after_the_receiver_was_down(
    client_for, world, subscription, receiver, django_capture_on_commit_callbacks
):
    receiver.stop()
    publish(1)
    outbox.outbox_deliver_due()
    message = OutboxMessage.objects.get()
    assert message.attempts == 1 and not receiver.received
    receiver.start()
    client = client_for(world.admin)
    page = client.get(reverse("core:webhook_detail", args=[subscription.pk])).content.decode()
    assert "Connection" in page  # the delivery log: error, no secret in it
    assert page.count(subscription.secret) == 1  # only in the "show the secret" box
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:webhook_redeliver", args=[subscription.pk, message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DELIVERED
    [got] = receiver.received
    assert got.headers["webhook-id"] == str(message.uuid)
    assert OutboxAttempt.objects.filter(message=message, manual=True, delivered=True).exists()
    assert AuditEvent.objects.filter(action="outbox.redeliver").exists()


def test_a_delivered_message_can_be_sent_again_with_the_same_id(
    client_for, world, subscription, receiver, django_capture_on_commit_callbacks
):
    publish(1)
    outbox.outbox_deliver_due()
    message = OutboxMessage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.admin).post(reverse("core:webhook_redeliver", args=[subscription.pk, message.pk]))
    assert [r.headers["webhook-id"] for r in receiver.received] == [str(message.uuid)] * 2


def test_another_subscriptions_message_is_not_found(client_for, world, subscription, receiver):
    publish(1)
    message = OutboxMessage.objects.get()
    other = outbox.webhook_subscription_create(
        actor=world.admin, name="otra", url=receiver.url, event_types=["certificate.issued"]
    )
    response = client_for(world.admin).post(reverse("core:webhook_redeliver", args=[other.pk, message.pk]))
    assert response.status_code == 404


def test_a_new_secret_signs_the_next_messages(subscription, receiver):
    old = subscription.secret
    sub = outbox.webhook_subscription_rotate_secret(actor=None, subscription=subscription)
    publish(1)
    outbox.outbox_deliver_due()
    [got] = receiver.received
    Webhook(sub.secret).verify(got.body, got.headers)
    assert sub.secret != old


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sweeping_at_once_send_each_message_once_in_order(world, receiver):
    outbox.webhook_subscription_create(actor=None, name="x", url=receiver.url, event_types=["certificate.revoked"])
    for n in range(12):
        publish(n, subject=f"certificate:ACR-{n % 3}")
    errors = []

    def sweep():
        try:
            for _ in range(6):
                outbox.outbox_deliver_due()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(ids) == len(set(ids)) == 12
    for subject in range(3):
        got = [r.json()["data"]["n"] for r in receiver.received if r.json()["data"]["n"] % 3 == subject]
        assert got == sorted(got)

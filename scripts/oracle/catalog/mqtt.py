"""MQTT 3.1/3.1.1 (Scapy's contrib/mqtt): the fixed header's variable-length remaining length and
every message class, several messages in one segment."""
from catalog.dsl import B, E, IP4, L, P, contrib

SCOPE = r"MQTT\w*"
FILE = "mqtt.json"


def tcp(**kw):
    base = dict(sport=40000, dport=1883, flags="PA", seq=1, ack=1)
    base.update(kw)
    return (E(), IP4(), L("TCP", **base))


def vectors(v):
    contrib("mqtt")
    v.build("mqtt/connect", *tcp(), L("MQTT"), L("MQTTConnect", protoname=B(b"MQTT"), protolevel=4, cleansess=1, klive=60, clientId=B(b"packetry")))
    v.build("mqtt/connect-all-flags", *tcp(), L("MQTT"), L("MQTTConnect", protoname=B(b"MQIsdp"), protolevel=3, usernameflag=1, passwordflag=1, willretainflag=1, willQOSflag=2, willflag=1, cleansess=1, klive=10, clientId=B(b"c"), willtopic=B(b"will/t"), willmsg=B(b"bye"), username=B(b"user"), password=B(b"secret")))
    v.build("mqtt/connack", *tcp(sport=1883, dport=40000), L("MQTT", type=2), L("MQTTConnack", sessPresentFlag=1, retcode=5))
    v.build("mqtt/publish-qos0", *tcp(), L("MQTT", type=3), L("MQTTPublish", topic=B(b"a/b"), value=B(b"hello")))
    v.build("mqtt/publish-qos1-retain", *tcp(), L("MQTT", type=3, QOS=1, RETAIN=1, DUP=1), L("MQTTPublish", topic=B(b"sensors/temp"), msgid=7, value=B(b"21.5")))
    v.build("mqtt/publish-long", *tcp(), L("MQTT", type=3, QOS=2), L("MQTTPublish", topic=B(b"t"), msgid=1, value=B(b"x" * 200)))
    v.build("mqtt/publish-16k", L("MQTT", type=3), L("MQTTPublish", topic=B(b"big"), value=B(b"y" * 16400)))
    for t, name in ((4, "MQTTPuback"), (5, "MQTTPubrec"), (6, "MQTTPubrel"), (7, "MQTTPubcomp"), (11, "MQTTUnsuback")):
        v.build("mqtt/%s" % name.lower(), *tcp(), L("MQTT", type=t, QOS=1 if t == 6 else 0), L(name, msgid=0x1234))
    v.build("mqtt/subscribe", *tcp(), L("MQTT", type=8, QOS=1), L("MQTTSubscribe", msgid=2, topics=[P(L("MQTTTopicQOS", topic=B(b"a/#"), QOS=1)), P(L("MQTTTopicQOS", topic=B(b"b/+/c"), QOS=2))]))
    v.build("mqtt/suback", *tcp(sport=1883, dport=40000), L("MQTT", type=9), L("MQTTSuback", msgid=2, retcode=128))
    v.build("mqtt/unsubscribe", *tcp(), L("MQTT", type=10, QOS=1), L("MQTTUnsubscribe", msgid=3, topics=[P(L("MQTTTopic", topic=B(b"a/#")))]))
    v.build("mqtt/disconnect", *tcp(), L("MQTT", type=14), L("MQTTDisconnect"))
    v.build("mqtt/pingreq", *tcp(), L("MQTT", type=12))
    v.build("mqtt/two-messages", *tcp(), L("MQTT", type=3), L("MQTTPublish", topic=B(b"x"), value=B(b"1")), L("MQTT", type=3, QOS=1), L("MQTTPublish", topic=B(b"y"), msgid=9, value=B(b"22")))
    v.build("mqtt/given-len", L("MQTT", type=4, len=2), L("MQTTPuback", msgid=1))
    v.dissect("mqtt/dissect-segment", "Ether", v.raw(*tcp(sport=1883, dport=40000), L("MQTT", type=2), L("MQTTConnack"), L("MQTT", type=3), L("MQTTPublish", topic=B(b"t"), value=B(b"v")), L("MQTT", type=14), L("MQTTDisconnect")))
    v.dissect("mqtt/dissect-len-5-bytes", "MQTT", bytes.fromhex("30ffffffff7f00"))
    v.dissect("mqtt/dissect-publish-cut", "MQTT", v.raw(L("MQTT", type=3), L("MQTTPublish", topic=B(b"topic"), value=B(b"value")))[:-3])
    v.dissect("mqtt/dissect-len-cut", "MQTT", bytes.fromhex("3080"))

import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/mqtt.json (scripts/oracle/make_vectors.py writes it).
vectorTests("mqtt.json");

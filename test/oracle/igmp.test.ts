import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/igmp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("igmp.json");

import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/eap.json (scripts/oracle/make_vectors.py writes it; contrib wpa_eapol loaded).
vectorTests("eap.json");

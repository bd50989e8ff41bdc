import GRDB; import EvidenceModel

// The loader's YAML document: yaml-cpp's parser events made into compact nodes (yaml_nodes.hpp),
// the way YAML::Load's node builder makes them into YAML::Node trees, at a fraction of the memory.

#include "schemas/yaml_nodes.hpp"

#include <yaml-cpp/eventhandler.h>

namespace strata::schemas::detail {

namespace {

using Data = Node::Data;

// Builds the nodes of one document: each node where its event says, an alias the very node its
// anchor names (as YAML::Load shares it), the first node the root.
class Builder : public YAML::EventHandler {
public:
  explicit Builder(std::deque<Data>& nodes) : m_nodes(nodes) {}

  const Data* root() const { return m_root; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { add(Data::Kind::null, mark, anchor); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override
  {
    attach(anchor < m_anchors.size() ? m_anchors[anchor] : nullptr);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override
  {
    add(Data::Kind::scalar, mark, anchor).scalar = value;
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override
  {
    m_open.push_back(&add(Data::Kind::sequence, mark, anchor));
  }
  void OnSequenceEnd() override { m_open.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
  {
    m_open.push_back(&add(Data::Kind::map, mark, anchor));
  }
  void OnMapEnd() override { m_open.pop_back(); }

private:
  Data& add(Data::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor)
  {
    Data& data = m_nodes.emplace_back();
    data.kind = kind;
    data.mark = mark;
    if (anchor != YAML::NullAnchor) {
      if (anchor >= m_anchors.size()) {
        m_anchors.resize(anchor + 1, nullptr);
      }
      m_anchors[anchor] = &data;
    }
    attach(&data);
    return data;
  }
  void attach(const Data* data)
  {
    if (data == nullptr) {
      return; // an unknown anchor: the parser refuses it before
    }
    if (m_open.empty()) {
      if (m_root == nullptr) {
        m_root = data;
      }
      return;
    }
    m_open.back()->items.push_back(data);
  }

  std::deque<Data>& m_nodes;
  std::vector<Data*> m_open;
  std::vector<const Data*> m_anchors;
  const Data* m_root = nullptr;
};

const std::string k_no_scalar;

} // namespace

Node::Item Node::Iterator::operator*() const
{
  if (m_node->kind == Data::Kind::map) {
    return Item{Node(m_node->items[m_at]), Node(m_node->items[m_at + 1])};
  }
  return Item{Node(m_node->items[m_at]), Node()};
}

Node::Iterator& Node::Iterator::operator++()
{
  m_at += m_node->kind == Data::Kind::map ? 2 : 1;
  return *this;
}

const std::string& Node::Scalar() const
{
  return IsScalar() ? m_data->scalar : k_no_scalar;
}

size_t Node::size() const
{
  if (IsSequence()) {
    return m_data->items.size();
  }
  return IsMap() ? m_data->items.size() / 2 : 0;
}

Node Node::operator[](std::string_view key) const
{
  if (!IsMap()) {
    return Node();
  }
  for (size_t i = 0; i + 1 < m_data->items.size(); i += 2) {
    const Data* item = m_data->items[i];
    if (item->kind == Data::Kind::scalar && item->scalar == key) {
      return Node(m_data->items[i + 1]);
    }
  }
  return Node();
}

Node::Iterator Node::begin() const
{
  return Iterator(m_data, 0);
}

Node::Iterator Node::end() const
{
  const bool items = IsSequence() || IsMap();
  return Iterator(m_data, items ? m_data->items.size() : 0);
}

Document::Document(const std::string& text, const std::string& file, std::optional<Diagnostic>& refused)
{
  Builder builder(m_nodes);
  refused = parse_checked(text, file, builder);
  m_root = refused ? nullptr : builder.root();
}

} // namespace strata::schemas::detail
